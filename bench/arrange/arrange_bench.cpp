// Generates an exam batch of N candidate-subjects (20,000 rooms, 40 slots, 500 sites by default)
// in memory, arranges it and prints one line of figures. Timed separately:
//   arrange  schedule::arrange on the in-memory instance (parse and output excluded)
//   validate the independent checker on the result
//   with --json also: parse (JSON text -> Instance, including nlohmann parsing) and
//   output (Solution -> JSON text); generating the instance is never timed.
// Peak RSS is the process high-water mark (getrusage), generation included.
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "schedule/arrange.hpp"
#include "schedule/exact.hpp"
#include "schedule/output.hpp"
#include "schedule/parse.hpp"
#include "schedule/seating.hpp"
#include "schedule/small_batches.hpp"
#include "schedule/validate.hpp"

using namespace kaowu::schedule;

namespace {

struct Options {
  long long candidate_subjects = 10000;
  int rooms = 20000;
  int slots = 40;
  int sites = 500;
  int colleges = 2000;
  int subjects = 400;
  int certificates = 100;
  int invigilators = 40000;
  int patrols = -1;  // --patrols N: 巡考老师 besides the invigilators (default a tenth of them)
  int unavailable = 100;  // --unavailable PER_MILLE: people with an unavailable afternoon
  std::uint64_t seed = 20210918;
  Seating seating = Seating::spread;
  bool json = false;
  bool tight = false;
  int spare = 0;  // tight batches: spare seats, per mille of the seats the planted plan uses
  bool validate = true;
  int repeat = 1;
  int exact = 0;  // --exact N: N small tight batches against the exact optimum
  bool medium =
      false;  // --medium: with --exact, batches of 400-1,500 candidate-subjects at up to 8 sites
  std::string write_input;  // --write-input PATH: the generated instance as the CLI reads it
  std::string
      write;  // --write PATH: the solution as the CLI prints it, to compare builds byte for byte
};

std::string name(const char* prefix, long long n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

Instance generate(const Options& o) {
  SplitMix64 rng(o.seed);
  auto below = [&](long long n) {
    return static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
  };
  Instance in;
  in.seed = o.seed;
  in.seating = o.seating;
  in.invigilators_per_room = 2;
  in.modes = {"机考", "笔试", "实操", "机考+实操"};
  for (int c = 0; c < o.colleges; ++c) in.colleges.push_back(name("col", c));
  for (int c = 0; c < o.certificates; ++c) in.certificates.push_back(name("cert", c));
  // Ten days of four sessions, 90 minutes each.
  const int starts[] = {8 * 60, 10 * 60 + 30, 13 * 60 + 30, 16 * 60};
  for (int s = 0; s < o.slots; ++s) {
    const std::int64_t day = 1631923200 + static_cast<std::int64_t>(s / 4) * 86400;
    const std::int64_t start = day + starts[s % 4] * 60;
    in.slots.push_back({name("s", s), start, start + 90 * 60});
  }
  for (int u = 0; u < o.subjects; ++u) {
    const int r = below(100);
    const Index mode = r < 50 ? 0 : r < 70 ? 1 : r < 85 ? 2 : 3;
    in.subjects.push_back({name("sub", u), u % o.slots, mode, (u / 4) % o.certificates});
  }
  for (int x = 0; x < o.sites; ++x) in.sites.push_back({name("site", x), {}});
  for (int c = 0; c < o.colleges; ++c) {
    in.sites[static_cast<std::size_t>(c % o.sites)].colleges.push_back(c);
    if (below(10) < 3)
      in.sites[static_cast<std::size_t>((c * 7 + 1) % o.sites)].colleges.push_back(c);
  }
  for (auto& site : in.sites) std::sort(site.colleges.begin(), site.colleges.end());
  for (int r = 0; r < o.rooms; ++r) {
    const int x = r % o.sites;
    const int k = r / o.sites;
    std::vector<Index> types;
    if (k < 4) {
      types = k == 3 ? std::vector<Index>{0, 3} : std::vector<Index>{static_cast<Index>(k)};
    } else {
      const int t = below(100);
      types = t < 50   ? std::vector<Index>{0}
              : t < 70 ? std::vector<Index>{1}
              : t < 85 ? std::vector<Index>{2}
                       : std::vector<Index>{0, 3};
    }
    in.rooms.push_back({name("r", r), x, types, 20 + below(21)});
  }
  long long left = o.candidate_subjects;
  for (long long c = 0; left > 0; ++c) {
    Candidate cand{name("st", c), below(o.colleges), {}};
    const long long n = std::min<long long>(left, 1 + below(4));
    while (static_cast<long long>(cand.subjects.size()) < n) {
      const Index u = below(o.subjects);
      if (std::find(cand.subjects.begin(), cand.subjects.end(), u) == cand.subjects.end())
        cand.subjects.push_back(u);
    }
    left -= n;
    in.candidates.push_back(std::move(cand));
  }
  for (int i = 0; i < o.invigilators; ++i) {
    Invigilator inv{name("t", i), below(o.colleges), {}};
    while (inv.certificates.size() < 6) {
      const Index c = below(o.certificates);
      if (std::find(inv.certificates.begin(), inv.certificates.end(), c) ==
          inv.certificates.end()) {
        inv.certificates.push_back(c);
      }
    }
    std::sort(inv.certificates.begin(), inv.certificates.end());
    in.invigilators.push_back(std::move(inv));
  }
  // 巡考老师 and unavailable times from a stream of their own, so that the rest of the batch is
  // the same with or without them.
  SplitMix64 staff_rng(o.seed ^ 0x9a7a01ULL);
  auto draw = [&](long long n) {
    return static_cast<int>(staff_rng.below(static_cast<std::uint64_t>(n)));
  };
  const int patrols = o.patrols < 0 ? o.invigilators / 10 : o.patrols;
  for (int i = 0; i < patrols; ++i) {
    Invigilator inv{name("p", i), draw(o.colleges), {}};
    inv.kind = StaffKind::patrol;
    while (inv.certificates.size() < 6) {
      const Index c = draw(o.certificates);
      if (std::find(inv.certificates.begin(), inv.certificates.end(), c) ==
          inv.certificates.end()) {
        inv.certificates.push_back(c);
      }
    }
    std::sort(inv.certificates.begin(), inv.certificates.end());
    in.invigilators.push_back(std::move(inv));
  }
  for (auto& inv : in.invigilators) {
    if (draw(1000) >= o.unavailable) continue;
    const std::int64_t day = 1631923200 + static_cast<std::int64_t>(draw(10)) * 86400;
    inv.unavailable.push_back({day + 13 * 3600, day + 18 * 3600});  // an afternoon
  }
  return in;
}

//! A tight batch with a planted arrangement that seats everyone: every seat of every room is
//! needed in every slot, 30 % of colleges are served by two sites, candidates take 1-4 subjects in
//! different slots. Anything left unplaced (other than by the planted plan) is the solver's loss.
Instance generate_tight(const Options& o) {
  SplitMix64 rng(o.seed);
  auto below = [&](long long n) {
    return static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
  };
  Instance in;
  in.seed = o.seed;
  in.seating = o.seating;
  in.invigilators_per_room = 0;
  in.modes = {"机考", "笔试", "实操", "机考+实操"};
  in.certificates = {"cert0"};
  for (int s = 0; s < o.slots; ++s) {
    const std::int64_t start = 1631923200 + static_cast<std::int64_t>(s) * 7200;
    in.slots.push_back({name("s", s), start, start + 5400});
    for (Index m = 0; m < 4; ++m) in.subjects.push_back({name("sub", s * 4 + m), s, m, 0});
  }
  // Rooms sized so that one slot seats candidate_subjects / slots, about 60 seats a site.
  const long long per_slot = std::max<long long>(1, o.candidate_subjects / o.slots);
  const int sites = static_cast<int>(std::clamp<long long>(per_slot / 60, 1, o.sites));
  for (int x = 0; x < sites; ++x) in.sites.push_back({name("site", x), {}});
  const int colleges = sites * 4;
  for (int c = 0; c < colleges; ++c) {
    in.colleges.push_back(name("col", c));
    in.sites[static_cast<std::size_t>(c % sites)].colleges.push_back(c);
    if (sites > 1 && below(10) < 3)
      in.sites[static_cast<std::size_t>((c * 7 + 1) % sites)].colleges.push_back(c);
  }
  for (auto& site : in.sites) {
    std::sort(site.colleges.begin(), site.colleges.end());
    site.colleges.erase(std::unique(site.colleges.begin(), site.colleges.end()),
                        site.colleges.end());
  }
  std::vector<std::vector<std::vector<Index>>> units(
      static_cast<std::size_t>(sites),
      std::vector<std::vector<Index>>(static_cast<std::size_t>(o.slots)));
  long long seats = 0;
  for (int r = 0; seats < per_slot; ++r) {
    const int x = r % sites;
    const int t = below(100);
    std::vector<Index> types = t < 40   ? std::vector<Index>{0}
                               : t < 60 ? std::vector<Index>{1}
                               : t < 75 ? std::vector<Index>{2}
                               : t < 90 ? std::vector<Index>{0, 3}
                                        : std::vector<Index>{0, 1, 2};
    const int n = static_cast<int>(std::min<long long>(10 + below(31), per_slot - seats));
    seats += n;
    for (int s = 0; s < o.slots; ++s) {
      for (int seat = 0; seat < n; ++seat) {
        units[static_cast<std::size_t>(x)][static_cast<std::size_t>(s)].push_back(
            s * 4 + types[static_cast<std::size_t>(below(static_cast<long long>(types.size())))]);
      }
    }
    in.rooms.push_back({name("r", r), x, types, n});
  }
  long long next = 0;
  for (int x = 0; x < sites; ++x) {
    auto& per_slot_units = units[static_cast<std::size_t>(x)];
    for (auto& list : per_slot_units) {
      for (std::size_t i = list.size(); i > 1; --i) std::swap(list[i - 1], list[rng.below(i)]);
    }
    const auto& served = in.sites[static_cast<std::size_t>(x)].colleges;
    std::vector<int> open;
    for (;;) {
      open.clear();
      for (int s = 0; s < o.slots; ++s) {
        if (!per_slot_units[static_cast<std::size_t>(s)].empty()) open.push_back(s);
      }
      if (open.empty()) break;
      Candidate cand{name("st", next++),
                     served[static_cast<std::size_t>(below(static_cast<long long>(served.size())))],
                     {}};
      const int n = std::min(static_cast<int>(open.size()), 1 + below(4));
      for (int i = 0; i < n; ++i) {
        const int pick = below(static_cast<long long>(open.size()) - i) + i;
        std::swap(open[static_cast<std::size_t>(i)], open[static_cast<std::size_t>(pick)]);
        auto& list = per_slot_units[static_cast<std::size_t>(open[static_cast<std::size_t>(i)])];
        cand.subjects.push_back(list.back());
        list.pop_back();
      }
      in.candidates.push_back(std::move(cand));
    }
  }
  for (std::size_t i = in.candidates.size(); i > 1; --i)
    std::swap(in.candidates[i - 1], in.candidates[rng.below(i)]);
  // Spare seats (--spare): one more seat in rooms drawn at random, from a stream of their own so
  // that the batch is otherwise the same.
  SplitMix64 spare_rng(o.seed ^ 0x5ea75ea75ea75ea7ULL);
  for (long long n = seats * o.spare / 1000; n > 0; --n)
    ++in.rooms[spare_rng.below(in.rooms.size())].seats;
  return in;
}

void append_list(std::string& out, const std::vector<Index>& items,
                 const std::vector<std::string>& names) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    out += '"';
    out += names[static_cast<std::size_t>(items[i])];
    out += '"';
  }
  out += ']';
}

//! The instance as the JSON the CLI reads (written by hand: fast and not what is being timed).
std::string to_json_text(const Instance& in) {
  std::string out = "{\"seed\":" + std::to_string(in.seed) + ",\"seating\":\"" +
                    (in.seating == Seating::spread   ? "spread"
                     : in.seating == Seating::random ? "random"
                                                     : "sequential") +
                    "\",\"invigilatorsPerRoom\":" + std::to_string(in.invigilators_per_room) +
                    ",\"patrolsPerSite\":" + std::to_string(in.patrols_per_site) + ",\"slots\":[";
  for (std::size_t i = 0; i < in.slots.size(); ++i) {
    out += (i ? ",{\"id\":\"" : "{\"id\":\"") + in.slots[i].id + "\",\"start\":\"" +
           format_time(in.slots[i].start) + "\",\"end\":\"" + format_time(in.slots[i].end) + "\"}";
  }
  out += "],\"subjects\":[";
  for (std::size_t i = 0; i < in.subjects.size(); ++i) {
    const Subject& s = in.subjects[i];
    out += (i ? ",{\"id\":\"" : "{\"id\":\"") + s.id + "\",\"slot\":\"" +
           in.slots[static_cast<std::size_t>(s.slot)].id + "\",\"mode\":\"" +
           in.modes[static_cast<std::size_t>(s.mode)] + "\",\"certificate\":\"" +
           in.certificates[static_cast<std::size_t>(s.certificate)] + "\"}";
  }
  out += "],\"sites\":[";
  for (std::size_t i = 0; i < in.sites.size(); ++i) {
    out += (i ? ",{\"id\":\"" : "{\"id\":\"") + in.sites[i].id + "\",\"colleges\":";
    append_list(out, in.sites[i].colleges, in.colleges);
    out += '}';
  }
  out += "],\"rooms\":[";
  for (std::size_t i = 0; i < in.rooms.size(); ++i) {
    const Room& r = in.rooms[i];
    out += (i ? ",{\"id\":\"" : "{\"id\":\"") + r.id + "\",\"site\":\"" +
           in.sites[static_cast<std::size_t>(r.site)].id + "\",\"types\":";
    append_list(out, r.types, in.modes);
    out += ",\"seats\":" + std::to_string(r.seats) + "}";
  }
  out += "],\"candidates\":[";
  std::vector<std::string> subject_ids;
  for (const auto& s : in.subjects) subject_ids.push_back(s.id);
  for (std::size_t i = 0; i < in.candidates.size(); ++i) {
    const Candidate& c = in.candidates[i];
    out += (i ? ",{\"id\":\"" : "{\"id\":\"") + c.id + "\",\"college\":\"" +
           in.colleges[static_cast<std::size_t>(c.college)] + "\",\"subjects\":";
    append_list(out, c.subjects, subject_ids);
    out += '}';
  }
  out += "],\"invigilators\":[";
  for (std::size_t i = 0; i < in.invigilators.size(); ++i) {
    const Invigilator& v = in.invigilators[i];
    out += (i ? ",{\"id\":\"" : "{\"id\":\"") + v.id + "\",\"college\":\"" +
           in.colleges[static_cast<std::size_t>(v.college)] + "\",\"certificates\":";
    append_list(out, v.certificates, in.certificates);
    if (v.kind == StaffKind::patrol) out += ",\"kind\":\"巡考老师\"";
    if (!v.unavailable.empty()) {
      out += ",\"unavailable\":[";
      for (std::size_t j = 0; j < v.unavailable.size(); ++j) {
        out += (j ? ",{\"start\":\"" : "{\"start\":\"") + format_time(v.unavailable[j].start) +
               "\",\"end\":\"" + format_time(v.unavailable[j].end) + "\"}";
      }
      out += ']';
    }
    out += '}';
  }
  out += "],\"existing\":[]}";
  return out;
}

double since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

long peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

//! Small tight batches (server/tests/schedule/small_batches.hpp), seeds 1..n: the engine's
//! placements against the optimum of the integer program solved by CBC to the end.
int run_exact(int n, const kaowu::schedule::testing::SmallShape& shape) {
  struct Tally {
    long long batches = 0, at_optimum = 0, placed = 0, optimum = 0;
  };
  Tally all;
  Tally by_family[5];
  long long unproven = 0, violations = 0, worst_gap = 0;
  std::uint64_t worst_seed = 0;
  double engine_ms = 0, exact_ms = 0;
  for (int i = 1; i <= n; ++i) {
    const auto seed = static_cast<std::uint64_t>(i);
    const Instance in = kaowu::schedule::testing::small_tight_batch(seed, shape);
    double cpu0 = thread_cpu_ms();
    auto solved = arrange(in);
    engine_ms += thread_cpu_ms() - cpu0;
    if (!solved) {
      std::fprintf(stderr, "seed %d: %s\n", i, solved.error().message.c_str());
      return 1;
    }
    violations += static_cast<long long>(validate(in, solved.value()).size());
    cpu0 = thread_cpu_ms();
    const auto best = exact::optimum(in);
    exact_ms += thread_cpu_ms() - cpu0;
    unproven += !best.proven;
    const long long placed = solved.value().stats.placed;
    const long long gap = best.placed - placed;
    for (Tally* t : {&all, &by_family[seed % 5]}) {
      ++t->batches;
      t->at_optimum += gap <= 0;
      t->placed += placed;
      t->optimum += best.placed;
    }
    if (gap > worst_gap) {
      worst_gap = gap;
      worst_seed = seed;
    }
    if (gap < 0) {
      std::fprintf(stderr, "seed %d: the engine placed %lld, more than the optimum %lld\n", i,
                   placed, static_cast<long long>(best.placed));
      return 1;
    }
  }
  auto pct = [](long long a, long long b) {
    return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0;
  };
  std::printf(
      "batches=%lld at_optimum=%lld (%.1f%%) placed=%lld optimum=%lld lost=%lld (%.3f%%) "
      "worst_gap=%lld "
      "worst_seed=%llu unproven=%lld violations=%lld engine_cpu_ms=%.0f exact_cpu_ms=%.0f\n",
      all.batches, all.at_optimum, pct(all.at_optimum, all.batches), all.placed, all.optimum,
      all.optimum - all.placed, pct(all.optimum - all.placed, all.optimum), worst_gap,
      static_cast<unsigned long long>(worst_seed), unproven, violations, engine_ms, exact_ms);
  for (int f = 0; f < 5; ++f) {
    const Tally& t = by_family[f];
    std::printf("  family=%s batches=%lld at_optimum=%lld lost=%lld of %lld\n",
                kaowu::schedule::testing::family_name(
                    static_cast<kaowu::schedule::testing::SmallFamily>(f)),
                t.batches, t.at_optimum, t.optimum - t.placed, t.optimum);
  }
  return violations == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "缺少参数值：%s\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    if (!std::strcmp(argv[i], "--cs")) {
      o.candidate_subjects = std::atoll(value());
    } else if (!std::strcmp(argv[i], "--rooms")) {
      o.rooms = std::atoi(value());
    } else if (!std::strcmp(argv[i], "--slots")) {
      o.slots = std::atoi(value());
    } else if (!std::strcmp(argv[i], "--colleges")) {
      o.colleges = std::max(1, std::atoi(value()));
    } else if (!std::strcmp(argv[i], "--invigilators")) {
      o.invigilators = std::max(0, std::atoi(value()));
    } else if (!std::strcmp(argv[i], "--patrols")) {
      o.patrols = std::max(0, std::atoi(value()));
    } else if (!std::strcmp(argv[i], "--unavailable")) {
      o.unavailable = std::clamp(std::atoi(value()), 0, 1000);
    } else if (!std::strcmp(argv[i], "--sites")) {
      o.sites = std::atoi(value());
    } else if (!std::strcmp(argv[i], "--seed")) {
      o.seed = std::strtoull(value(), nullptr, 10);
    } else if (!std::strcmp(argv[i], "--seating")) {
      const std::string s = value();
      o.seating = s == "random"       ? Seating::random
                  : s == "sequential" ? Seating::sequential
                                      : Seating::spread;
    } else if (!std::strcmp(argv[i], "--tight")) {
      o.tight = true;
    } else if (!std::strcmp(argv[i], "--spare")) {
      o.spare = std::max(0, std::atoi(value()));
    } else if (!std::strcmp(argv[i], "--json")) {
      o.json = true;
    } else if (!std::strcmp(argv[i], "--repeat")) {
      o.repeat = std::max(1, std::atoi(value()));
    } else if (!std::strcmp(argv[i], "--write-input")) {
      o.write_input = value();
    } else if (!std::strcmp(argv[i], "--write")) {
      o.write = value();
    } else if (!std::strcmp(argv[i], "--medium")) {
      o.medium = true;
    } else if (!std::strcmp(argv[i], "--exact")) {
      o.exact = std::max(1, std::atoi(value()));
    } else if (!std::strcmp(argv[i], "--no-validate")) {
      o.validate = false;
    } else {
      std::fprintf(
          stderr,
          "用法：kaowu_arrange_bench [--cs N] [--rooms N] [--slots N] [--sites N] [--colleges N]\n"
          "                          [--invigilators N] [--patrols N] [--unavailable PER_MILLE]\n"
          "                          [--seed N]\n"
          "                          [--seating sequential|random|spread] [--json] "
          "[--no-validate]\n"
          "                          [--repeat N] [--tight [--spare PER_MILLE]] [--exact BATCHES "
          "[--medium]]\n"
          "                          [--write SOLUTION_JSON] [--write-input INSTANCE_JSON]\n");
      return 2;
    }
  }
  if (o.exact) {
    kaowu::schedule::testing::SmallShape shape;
    if (o.medium) shape = {400, 1500, 8, 5, 12};
    return run_exact(o.exact, shape);
  }
  auto t0 = std::chrono::steady_clock::now();
  Instance in = o.tight ? generate_tight(o) : generate(o);
  const double gen_ms = since(t0);
  if (!o.write_input.empty()) {
    const std::string text = to_json_text(in);
    std::FILE* f = std::fopen(o.write_input.c_str(), "wb");
    if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
      std::fprintf(stderr, "无法写入：%s\n", o.write_input.c_str());
      return 1;
    }
    return 0;
  }
  double parse_ms = 0, output_ms = 0;
  std::size_t json_bytes = 0, output_bytes = 0;
  if (o.json) {
    const std::string text = to_json_text(in);
    json_bytes = text.size();
    t0 = std::chrono::steady_clock::now();
    auto parsed = parse_instance_text(text);
    parse_ms = since(t0);
    if (!parsed) {
      std::fprintf(stderr, "%s\n", parsed.error().message.c_str());
      return 1;
    }
    in = std::move(parsed).value();
  }
  // Best of `repeat` runs, wall clock and CPU time of this thread (robust on a busy machine).
  double arrange_ms = 0, arrange_cpu_ms = 0;
  kaowu::Result<Solution> solved = kaowu::err::internal();
  for (int run = 0; run < o.repeat; ++run) {
    const double cpu0 = thread_cpu_ms();
    t0 = std::chrono::steady_clock::now();
    auto attempt = arrange(in);
    const double wall = since(t0), cpu = thread_cpu_ms() - cpu0;
    if (run == 0 || wall < arrange_ms) arrange_ms = wall;
    if (run == 0 || cpu < arrange_cpu_ms) arrange_cpu_ms = cpu;
    solved = std::move(attempt);
  }
  if (!solved) {
    std::fprintf(stderr, "%s\n", solved.error().message.c_str());
    return 1;
  }
  const Solution& s = solved.value();
  double validate_ms = 0;
  std::size_t violations = 0;
  if (o.validate) {
    t0 = std::chrono::steady_clock::now();
    violations = validate(in, s).size();
    validate_ms = since(t0);
  }
  if (o.json) {
    t0 = std::chrono::steady_clock::now();
    output_bytes = write_solution(in, s).size();
    output_ms = since(t0);
  }
  if (!o.write.empty()) {
    const std::string text = write_solution(in, s);
    std::FILE* f = std::fopen(o.write.c_str(), "wb");
    if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size() || std::fclose(f) != 0) {
      std::fprintf(stderr, "无法写入：%s\n", o.write.c_str());
      return 1;
    }
  }
  const Stats& st = s.stats;
  std::printf(
      "cs=%lld candidates=%lld gen_ms=%.0f arrange_ms=%.1f arrange_cpu_ms=%.1f validate_ms=%.0f "
      "violations=%zu placed=%lld unplaced=%lld "
      "(capacity=%lld time_clash=%lld no_room_type=%lld) rooms_used=%lld room_slots=%lld fill=%.3f "
      "mixed_room_slots=%lld same_room=%lld/%lld adjacent_same=%.4f random_baseline=%.4f "
      "shortage=%lld own_college=%lld load=%lld-%lld patrol_slots=%lld patrol_shortage=%lld "
      "own_college_patrols=%lld patrol_load=%lld-%lld repair_moves=%lld peak_rss_mb=%ld",
      static_cast<long long>(st.candidate_subjects), static_cast<long long>(st.candidates), gen_ms,
      arrange_ms, arrange_cpu_ms, validate_ms, violations, static_cast<long long>(st.placed),
      static_cast<long long>(st.candidate_subjects - st.placed),
      static_cast<long long>(st.unplaced_capacity), static_cast<long long>(st.unplaced_time_clash),
      static_cast<long long>(st.unplaced_no_room_type), static_cast<long long>(st.rooms_used),
      static_cast<long long>(st.room_slots),
      st.seats_offered ? static_cast<double>(st.placed) / static_cast<double>(st.seats_offered)
                       : 0.0,
      static_cast<long long>(st.mixed_room_slots), static_cast<long long>(st.same_room_candidates),
      static_cast<long long>(st.multi_subject_candidates),
      st.adjacent_pairs
          ? static_cast<double>(st.adjacent_same_college) / static_cast<double>(st.adjacent_pairs)
          : 0.0,
      st.adjacent_pairs ? static_cast<double>(st.random_adjacent_same_college) /
                              static_cast<double>(st.adjacent_pairs)
                        : 0.0,
      static_cast<long long>(st.invigilator_shortage),
      static_cast<long long>(st.own_college_assignments),
      static_cast<long long>(st.invigilator_min_load),
      static_cast<long long>(st.invigilator_max_load), static_cast<long long>(st.patrol_slots),
      static_cast<long long>(st.patrol_shortage), static_cast<long long>(st.own_college_patrols),
      static_cast<long long>(st.patrol_min_load), static_cast<long long>(st.patrol_max_load),
      static_cast<long long>(st.repair_moves), peak_rss_mb());
  if (o.json) {
    std::printf(" json_in_mb=%.1f parse_ms=%.0f json_out_mb=%.1f output_ms=%.0f",
                json_bytes / 1048576.0, parse_ms, output_bytes / 1048576.0, output_ms);
  }
  std::printf("\n");
  return violations == 0 ? 0 : 1;
}
