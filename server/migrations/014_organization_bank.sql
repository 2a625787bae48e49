-- The account a training organisation receives fees into (户名, 开户行, 账号), printed on the
-- 缴费通知单 of the applications addressed to it.
ALTER TABLE organizations ADD COLUMN bank_account_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN bank_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN bank_account TEXT NOT NULL DEFAULT '';
