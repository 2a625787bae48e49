#include "modules/students/model.hpp"

#include "core/http/schema.hpp"
#include "core/input.hpp"
#include "office/mask.hpp"

namespace kaowu::students {

namespace {
bool digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}
}  // namespace

Result<std::string> check_id_number(const std::string& text) {
  std::string id = input::trim(text);
  if (!id.empty() && (id.back() == 'x')) id.back() = 'X';
  if (id.size() != 18)
    return err::invalid("身份证号须为 18 位，当前为 " + std::to_string(id.size()) + " 位");
  if (!digits(id.substr(0, 17)) ||
      !(std::isdigit(static_cast<unsigned char>(id[17])) || id[17] == 'X')) {
    return err::invalid("身份证号前 17 位须为数字，最后一位为数字或 X");
  }
  const int y = std::stoi(id.substr(6, 4)), m = std::stoi(id.substr(10, 2)),
            d = std::stoi(id.substr(12, 2));
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
  if (y < 1900 || !cst::parse(date)) return err::invalid("身份证号中的出生日期不正确");
  static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char* checks = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * weights[i];
  if (checks[sum % 11] != id[17]) return err::invalid("身份证号校验位不正确，请核对是否抄错");
  return id;
}

std::string gender_of(const std::string& id) {
  return ((id[16] - '0') % 2) ? "男" : "女";
}

std::string birth_date_of(const std::string& id) {
  return id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
}

const std::vector<office::Column>& columns() {
  using office::Column;
  using office::ColumnType;
  static const std::vector<Column> all = {
      {.name = "考生编号", .type = ColumnType::text, .note = "数字；不填则自动生成", .example = ""},
      {.name = "姓名", .required = true, .example = "示例考生（导入时忽略此行）"},
      {.name = "性别",
       .options = {"男", "女"},
       .note = "可不填，按身份证号判断；填写时须与身份证号一致",
       .example = "男"},
      {.name = "身份证号",
       .type = ColumnType::text,
       .required = true,
       .note = "18 位，校验位须正确",
       .example = "110101199003070011",
       .width = 22},
      {.name = "考生类型",
       .required = true,
       .options = {"院校考生", "社会考生"},
       .example = "院校考生"},
      {.name = "专业",
       .required = true,
       .note = "须与证书信息管理中的可报考专业名称一致",
       .example = "电子商务",
       .width = 20},
      {.name = "班级", .example = "电商2101"},
      {.name = "手机号码",
       .type = ColumnType::text,
       .note = "11 位手机号，可不填",
       .example = "13800138000",
       .width = 16},
  };
  return all;
}

Status from_cells(const std::vector<std::string>& f, Student& s) {
  auto field = [&](std::size_t i) { return i < f.size() ? input::trim(f[i]) : std::string(); };
  s.student_no = field(0);
  if (!s.student_no.empty() && (!digits(s.student_no) || s.student_no.size() > kMaxStudentNo)) {
    return err::invalid("考生编号只能是数字，最多 " + std::to_string(kMaxStudentNo) + " 位");
  }
  s.name = field(1);
  if (s.name.empty()) return err::invalid("请填写姓名");
  if (input::utf8_length(s.name) > kMaxName)
    return err::invalid("姓名不能超过 " + std::to_string(kMaxName) + " 个字");
  TRY(input::check_characters(s.name, "姓名"));
  s.id_number = TRY(check_id_number(field(3)));
  s.birth_date = birth_date_of(s.id_number);
  const std::string gender = field(2);
  if (!gender.empty() && gender != "男" && gender != "女") return err::invalid("性别须为 男 或 女");
  if (!gender.empty() && gender != gender_of(s.id_number)) {
    return err::invalid("性别「" + gender + "」与身份证号不一致（身份证号显示为" +
                        gender_of(s.id_number) + "）");
  }
  s.gender = gender_of(s.id_number);
  s.type = field(4);
  if (s.type != "院校考生" && s.type != "社会考生")
    return err::invalid("考生类型须为 院校考生 或 社会考生");
  s.major = field(5);
  if (s.major.empty()) return err::invalid("请填写专业");
  if (input::utf8_length(s.major) > 60) return err::invalid("专业不能超过 60 个字");
  TRY(input::check_characters(s.major, "专业"));
  s.class_name = field(6);
  if (input::utf8_length(s.class_name) > 60) return err::invalid("班级不能超过 60 个字");
  TRY(input::check_characters(s.class_name, "班级"));
  s.phone = field(7);
  if (!s.phone.empty() && !input::is_mobile(s.phone)) return err::invalid("手机号码须为 11 位数字");
  return {};
}

Status from_json(const nlohmann::json& body, Student& s) {
  auto text = [&](const char* key) -> std::string {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return "";
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    return "";
  };
  return from_cells({text("studentNo"), text("name"), text("gender"), text("idNumber"),
                     text("type"), text("major"), text("className"), text("phone")},
                    s);
}

nlohmann::json to_json(const Student& s) {
  return {{"id", s.id},
          {"collegeId", s.college_id},
          {"collegeName", s.college_name},
          {"studentNo", s.student_no},
          {"name", s.name},
          {"gender", s.gender},
          {"idNumber", s.id_number},
          {"birthDate", s.birth_date},
          {"type", s.type},
          {"major", s.major},
          {"className", s.class_name},
          {"phone", s.phone},
          {"version", s.version},
          {"createdAt", cst::format(s.created_at)},
          {"updatedAt", cst::format(s.updated_at)}};
}

std::vector<std::string> export_cells(const Student& s) {
  return {s.student_no, s.name,  s.gender,     office::mask_id_number(s.id_number),
          s.type,       s.major, s.class_name, s.phone.empty() ? "" : office::mask_phone(s.phone)};
}

std::string generated_student_no(const std::string& id_number, std::int64_t college_id,
                                 Timestamp now, long long sequence) {
  char tail[32];
  std::snprintf(tail, sizeof tail, "%s%06lld%09lld", cst::format_with(now, "%Y").c_str(),
                static_cast<long long>(college_id % 1000000), sequence % 1000000000);
  return id_number.substr(0, 6) + tail;
}

Filter filter_from(const input::Query& query) {
  Filter f;
  f.name = query.text("name");
  f.student_no = query.text("studentNo");
  f.id_number = query.text("idNumber");
  f.major = query.text("major");
  f.class_name = query.text("className");
  f.type = query.raw("type");
  f.college_id = query.integer("collegeId");  // a college's own list is scoped to it anyway
  return f;
}

nlohmann::json schema() {
  namespace s = http::schema;
  return s::object({{"id", s::integer()},
                    {"collegeId", s::integer()},
                    {"collegeName", s::string()},
                    {"studentNo", s::string()},
                    {"name", s::string()},
                    {"gender", s::enumeration({"男", "女"})},
                    {"idNumber", s::string()},
                    {"birthDate", s::string()},
                    {"type", s::enumeration({"院校考生", "社会考生"})},
                    {"major", s::string()},
                    {"className", s::string()},
                    {"phone", s::string()},
                    {"version", s::integer()},
                    {"createdAt", s::datetime()},
                    {"updatedAt", s::datetime()}});
}

}  // namespace kaowu::students
