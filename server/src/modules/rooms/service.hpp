#pragma once

#include <soci/soci.h>

#include "core/audit.hpp"
#include "core/batch.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "core/input.hpp"
#include "exchange/exports.hpp"
#include "exchange/imports.hpp"
#include "modules/rooms/model.hpp"

namespace kaowu::rooms::service {

//! Colleges see their own rooms, organisations the rooms of their plans, admins all.
nlohmann::json list(soci::session& sql, const Scope& scope, const Filter& filter, int page,
                    int page_size, Timestamp now);
Result<Room> get(soci::session& sql, const Scope& scope, std::int64_t id, Timestamp now);
//! What the add form offers a college: its plans that have not ended, their certificates and, per
//! certificate, the college's approved sites.
nlohmann::json options(soci::session& sql, const Scope& scope, Timestamp now);
//! The JSON schema of options().
nlohmann::json options_schema();
Result<Room> create(soci::session& sql, const audit::Actor& actor, const nlohmann::json& body,
                    Timestamp now);
//! ROOM-2/3: 未排考 changes freely; 排考中 only raises 考位数; 已结束 stays as it is.
Result<Room> update(soci::session& sql, const audit::Actor& actor, std::int64_t id,
                    const nlohmann::json& body, Timestamp now);
//! Only 未排考 rooms can be deleted, and only at the version the user was shown.
Status remove(soci::session& sql, const audit::Actor& actor, const input::Named& room,
              Timestamp now);
//! Deletes each room that may be deleted; refuses the others with the room name and why.
batch::BatchResult remove_many(soci::session& sql, const audit::Actor& actor,
                               const std::vector<input::Named>& rooms, Timestamp now);
//! 考场信息 export: the ticked rooms or all matching the filter, in the list's order.
Result<exporting::ExportSpec> export_spec(soci::session& sql, const Scope& scope,
                                          const Filter& filter,
                                          const std::vector<std::int64_t>& ids, Timestamp now);
//! The room import of college `params.orgId` at `params.now`: plan, site and certificate by name;
//! the same plan, site and name updates that room while it is 未排考.
Result<imports::Spec> room_import(soci::session& sql, const nlohmann::json& params);

}  // namespace kaowu::rooms::service
