#include "modules/results/certificate.hpp"

#include "office/pdf_document.hpp"
#include "office/qr_code.hpp"

namespace kaowu::results::certificate {

Status write_pdf(const std::string& path, const Document& doc) {
  const auto qr = office::encode_qr(doc.verify_url);
  if (qr.size == 0) return err::invalid("证书核验链接过长，无法生成二维码");
  auto created = office::PdfDocument::create(path, 841.89, 595.28);
  if (!created) return created.error();
  auto& pdf = *created.value();
  const double w = pdf.width(), h = pdf.height();
  pdf.rectangle(24, 24, w - 48, h - 48, 2.5);
  pdf.rectangle(32, 32, w - 64, h - 64, 0.8);
  double y = 70;
  y += pdf.text(60, y, w - 120, "职业技能等级证书",
                {.size = 30, .bold = true, .align = office::Align::center});
  y += 6;
  y += pdf.text(60, y, w - 120, "1+X 职业技能等级证书（电子证书）",
                {.size = 13, .align = office::Align::center});
  y += 36;
  const double text_x = 110, text_w = w - 220 - 150;
  const office::TextStyle body{.size = 15};
  y += pdf.text(text_x, y, text_w,
                doc.name + " 同学（身份证号 " + doc.id_number + "）参加「" + doc.certificate_name +
                    "」" + doc.level + "考核，成绩合格，特发此证。",
                body);
  y += 28;
  const std::vector<office::Field> fields = {{"证书名称：", doc.certificate_name},
                                             {"证书等级：", doc.level},
                                             {"证书编号：", doc.certificate_no},
                                             {"颁证机构：", doc.org_name},
                                             {"发证日期：", doc.issued_on}};
  pdf.fields(text_x, y, text_w, fields, 1);
  const double side = 130, module = side / (qr.size + 8);
  const double qx = w - 110 - side, qy = h - 90 - side - 18;
  pdf.modules(qx + 4 * module, qy + 4 * module, module * qr.size, qr);
  pdf.text(qx, qy + side + 2, side, "扫码核验证书", {.size = 10, .align = office::Align::center});
  pdf.text(60, h - 80, w - 120, doc.org_name,
           {.size = 14, .bold = true, .align = office::Align::right});
  return pdf.close();
}

std::string file_name(const Document& doc) {
  std::string out = doc.name + "-" + doc.certificate_name + "(" + doc.level + ")电子证书.pdf";
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' ||
        c == '<' || c == '>' || c == '|')
      c = '_';
  }
  return out;
}

}  // namespace kaowu::results::certificate
