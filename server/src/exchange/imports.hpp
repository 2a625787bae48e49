#pragma once

#include <soci/soci.h>

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/auth/scope.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/jobs/job_queue.hpp"
#include "office/column.hpp"

namespace kaowu::imports {

//! One kind of import, declared once: its columns drive the template, the header check and the
//! failure file; `apply` validates and writes one row.
struct Spec {
  std::string type;   //!< e.g. "certificate_majors"
  std::string title;  //!< e.g. "可报考专业", used in file names and import records
  //! The audit entity of the rows, e.g. "certificate" for a certificate's majors: the audit
  //! page's 对象类型 filter finds the import under it.
  std::string entity;
  //! Each column's `example` should be unmistakably an example: the template's example row is
  //! skipped when it is still the first data row of an upload.
  std::vector<office::Column> columns;
  //! Writes one row (cells in `columns` order) inside the caller's transaction; an error's
  //! message becomes the row's 失败原因.
  std::function<Status(soci::session& sql, const std::vector<std::string>& cells)> apply;
  //! Optional, for large imports: writes a batch of rows inside the caller's transaction and
  //! returns one Status per row, in order, with the same outcome `apply` would give row by row;
  //! nothing of a failed row may stay written (apply_one does that for rows it hands back to
  //! `apply`). A database error may be thrown: the batch is then rolled back and redone row by row.
  std::function<std::vector<Status>(soci::session& sql,
                                    const std::vector<std::vector<std::string>>& rows)>
      apply_batch;
  //! What the rows that succeeded did, counted by `apply` / `apply_batch` when the spec tells new
  //! records from updated ones (新增 / 更新). A batch redone row by row has its counts undone with
  //! it; the totals go into the job's result and the audit entry.
  struct Counts {
    int created = 0;
    int updated = 0;
  };
  std::shared_ptr<Counts> counts;
};

//! What one import may take in. Memory does not grow with these: rows are read and written in
//! batches; they bound the time and the database work a file can ask for.
struct Limits {
  std::size_t max_rows = 200000;              //!< data rows (the header not counted)
  std::uint64_t max_cells = 5000000;          //!< non-empty cells, header included
  std::uint64_t max_text_bytes = 256u << 20;  //!< text once shared strings are expanded
  //! Columns kept right of the template's: room for a 序号 column in front or notes after.
  std::size_t extra_columns = 64;
  std::size_t batch_rows = 2000;       //!< rows handed to the spec at once
  std::size_t batch_bytes = 8u << 20;  //!< or fewer, when their text passes this
};

//! `apply` for one row under a savepoint: a failed row leaves nothing written.
Status apply_one(soci::session& sql, const Spec& spec, const std::vector<std::string>& cells);

//! Builds the spec of an import for a job's parameters (e.g. which certificate), or refuses.
using SpecFactory = std::function<Result<Spec>(soci::session& sql, const nlohmann::json& params)>;

//! The import types of this instance, registered by the modules at start-up.
class Registry {
 public:
  void add(const std::string& type, SpecFactory factory) { factories_[type] = std::move(factory); }
  Result<Spec> spec(soci::session& sql, const std::string& type,
                    const nlohmann::json& params) const;

 private:
  std::map<std::string, SpecFactory> factories_;
};

//! The template of a spec as an .xlsx download body.
Result<std::string> template_file(const Spec& spec, const std::string& temp_dir);

//! Keeps an uploaded file and queues its import as a job owned by the caller. `params` reaches
//! the spec factory; `file_name` is the user's name for the upload.
Result<std::int64_t> enqueue(soci::session& sql, jobs::JobQueue& jobs, const Scope& scope,
                             const std::string& type, nlohmann::json params,
                             const std::string& upload_path, const std::string& file_name,
                             Timestamp now, const std::string& ip = "");

//! Registers the job that runs every import type of `registry`. An import is all or nothing: the
//! file's shape and limits are checked first, then every row is written in one transaction with
//! its import record and failure file, so a failed or killed run leaves nothing behind.
void register_job(jobs::JobQueue& jobs, const Registry& registry, std::string temp_dir,
                  Limits limits = {});

//! 导入记录 of a type visible to the caller (own organisation; admins all).
//! The schema of one item of records(): the keys it writes.
nlohmann::json record_schema();
nlohmann::json records(soci::session& sql, const Scope& scope, const std::string& type,
                       std::optional<std::int64_t> target_id, int page, int page_size);

}  // namespace kaowu::imports
