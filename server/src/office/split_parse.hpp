#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "office/xml_pump.hpp"
#include "office/zip_archive.hpp"

namespace kaowu::office {

//! How a part is cut and parsed on several threads.
struct SplitOptions {
  std::string element;   //!< local name of the repeated element blocks start with ("row", "si")
  std::string parent;    //!< local name of the element that holds them ("sheetData", "sst")
  unsigned threads = 2;  //!< parsing threads
  std::size_t block_bytes = 1u << 19;      //!< a block is cut once it holds this many bytes
  std::size_t max_block_bytes = 8u << 20;  //!< no cut found in this many bytes: give up splitting
};

//! Parses one large XML part on several threads, blocks handed back in document order.
//!
//! Sheets and shared-string tables are mostly one long list of sibling elements (<row> in
//! <sheetData>, <si> in <sst>). The part is cut just before such a start tag, and each block is
//! parsed by its own expat parser as a whole document: wrapped in the elements open at the cut
//! ("<worksheet><sheetData>" … "</sheetData></worksheet>"). '<' is always markup in XML, so a
//! cut can only be wrong inside a comment, a CDATA section or a processing instruction; the
//! block before such a cut ends unterminated and its parser says so. Then, and whenever the part
//! does not have the expected shape, next() answers `fallback`: parse the part in one piece.
class SplitParse {
 public:
  //! A handler for one block; called from several threads at once.
  using HandlerFactory = std::function<std::unique_ptr<XmlHandler>()>;
  enum class Next { block, end, fallback };

  //! Starts reading `stream` (of `zip`, which no other thread uses) on a thread of its own.
  SplitParse(std::unique_ptr<ZipArchive> zip, std::unique_ptr<ZipEntryStream> stream,
             HandlerFactory make, SplitOptions options);
  ~SplitParse();
  SplitParse(const SplitParse&) = delete;
  SplitParse& operator=(const SplitParse&) = delete;

  //! Waits for the next block in document order and gives its handler. An error a handler
  //! raised (or a read error of the part) comes back as the error, after the blocks before it.
  Result<Next> next(std::unique_ptr<XmlHandler>& handler);

 private:
  enum class Kind { pending, block, end, fallback, error };
  struct Slot {
    Kind kind = Kind::pending;
    std::unique_ptr<XmlHandler> handler;
    std::optional<Error> error;
  };
  struct Job {
    std::size_t slot;  // absolute index
    std::string bytes;
    bool first;
    bool last;
  };

  void read_loop();
  void parse_loop();
  void parse(Job& job);
  // Adds a slot at the end; returns its absolute index. Waits while too many are unconsumed.
  std::optional<std::size_t> add_slot();
  void settle(std::size_t slot, Kind kind, std::unique_ptr<XmlHandler> handler = nullptr,
              std::optional<Error> error = std::nullopt);
  void dispatch(std::string bytes, bool first, bool last);
  std::size_t first_cut(const std::string& text) const;
  std::size_t last_cut(const std::string& text) const;
  bool cut_at(const std::string& text, std::size_t lt) const;

  std::unique_ptr<ZipArchive> zip_;
  std::unique_ptr<ZipEntryStream> stream_;
  HandlerFactory make_;
  SplitOptions options_;
  std::size_t ahead_;
  std::string primer_, closer_;

  std::mutex mutex_;
  std::condition_variable slot_ready_;  // consumer waits for its slot
  std::condition_variable room_;        // reader waits for room ahead of the consumer
  std::condition_variable jobs_ready_;  // parsers wait for jobs
  std::deque<Slot> slots_;              // slots_[0] has absolute index consumed_
  std::size_t consumed_ = 0;
  std::deque<Job> jobs_;
  bool stop_ = false;
  bool reading_done_ = false;
  bool finished_ = false;            // consumer side: the end was handed out
  std::optional<Error> held_error_;  // consumer side: raised after the block it ended
  std::vector<std::thread> threads_;
};

}  // namespace kaowu::office
