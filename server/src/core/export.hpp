#pragma once

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/http/message.hpp"
#include "office/column.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace kaowu::exporting {

//! Receives one row of cells, in column order.
using RowSink = std::function<Status(const std::vector<std::string>&)>;
//! Produces the rows of an export into the sink.
using RowSource = std::function<Status(const RowSink&)>;

//! The ids of the rows the user ticked, from `ids=1,2,3`; empty means "everything matching the
//! current filter" (seed: 若未选择…则默认导出全部数据). Anything else is an invalid_input.
Result<std::vector<std::int64_t>> checked_ids(const std::string& query_value);

//! Streams the rows into an .xlsx (constant memory, bold frozen header, text cells for ID-like
//! columns) and answers it as a download named `<title>_<yyyyMMddHHmmss>.xlsx`.
Result<http::Response> xlsx(const std::string& title, const std::vector<office::Column>& columns,
                            const RowSource& rows, Timestamp now, const std::string& temp_dir);

}  // namespace kaowu::exporting
