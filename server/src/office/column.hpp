#pragma once

#include <string>
#include <vector>

namespace kaowu::office {

//! How a column's cells are stored when written.
enum class ColumnType {
  general,  //!< text as entered
  text,     //!< ID-like (身份证号, 手机号, 考生编号): text format "@", never a number
  number,   //!< numeric strings become numbers
};

//! One column, declared once and used by the import template, the export and the header check.
struct Column {
  std::string name;  //!< header text, e.g. "身份证号"
  ColumnType type = ColumnType::general;
  bool required = false;             //!< marked with * and red in templates
  std::vector<std::string> options;  //!< allowed values; a dropdown in templates
  std::string note;                  //!< explanation for the 填写说明 sheet
  std::string example;               //!< value for the template's example row
  double width = 0;                  //!< in characters; 0 sizes the column from its header
};

}  // namespace kaowu::office
