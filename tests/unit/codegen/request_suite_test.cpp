// The request suite as a unit test: every tests/requests/*.test request goes through understand_request and
// generate_program with the real catalog of this machine, and the file's SPEC, SPEC_FILTER, PROBE and LANG
// lines (ignored by the runtime runner) say what must come out. Needs root and a mounted tracefs; skipped
// otherwise. Run alone with `unit_codegen --gtest_filter='*Suite*'`.
//
//   SPEC refuse                      understanding.spec is empty and suggestions are given
//   SPEC k=v ...                     event= agg= measure= keys=a,b (exact, in order; `keys=` for none)
//                                    top= duration= hz= syscalls=a,b function= binary= (substring)
//                                    catalog events: tracepoint= end= value= fields=a,b (key fields)
//   SPEC_FILTER k=v ...              comm= pid= tid= uid= path= port= signal= target_pid= failures=1 threshold=>1ms;
//                                    every filter not named must be unset
//   PROBE text                       an attach point of the program contains text; may repeat
//   LANG zh                          spec.language is "zh" (default "en")
//   REQUIRES condition               as for the runtime runner (tests/case_requirements.h, gpttrace's own
//                                    support rules on this machine): the case is skipped where it fails
//
// {{WORKLOAD}} becomes the evwk binary and {{WORKLOAD_PID}} this test's own pid (a live process).
#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "case_requirements.h"
#include "check/checks.h"
#include "check/parser.h"
#include "codegen/generate.h"
#include "kernel/catalog.h"
#include "kernel/fixture_catalog.h"
#include "plan/understand.h"

#ifndef GPTTRACE_REQUESTS_DIR
#define GPTTRACE_REQUESTS_DIR GPTTRACE_FIXTURES_DIR "/../requests"
#endif
#ifndef GPTTRACE_WORKLOAD_PATH
#define GPTTRACE_WORKLOAD_PATH "/usr/bin/true"
#endif

namespace gpttrace {
namespace {

struct RequestCase {
  std::string file;  // base name without .test
  std::string request;
  bool refuse = false;
  std::vector<std::pair<std::string, std::string>> spec;     // SPEC k=v, in file order
  std::vector<std::pair<std::string, std::string>> filters;  // SPEC_FILTER k=v
  std::vector<std::string> probes;
  std::string language = "en";
  std::vector<std::string> requires_;  // REQUIRES conditions
  std::string problem;  // a malformed file: reported as a failure
};

// gtest prints a parameter in failure messages: the file name is enough.
void PrintTo(const RequestCase& c, std::ostream* os) { *os << c.file << ".test"; }

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
}

std::string substitute(std::string s) {
  replace_all(s, "{{WORKLOAD_PID}}", std::to_string(::getpid()));
  replace_all(s, "{{WORKLOAD}}", GPTTRACE_WORKLOAD_PATH);
  return s;
}

// "k=v k2=v2" -> pairs; a word without '=' is kept with an empty value.
std::vector<std::pair<std::string, std::string>> key_values(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) {
    size_t eq = word.find('=');
    out.emplace_back(word.substr(0, eq), eq == std::string::npos ? "" : substitute(word.substr(eq + 1)));
  }
  return out;
}

RequestCase parse_case(const std::string& dir, const std::string& name) {
  RequestCase c;
  c.file = name.substr(0, name.size() - 5);
  std::ifstream in(dir + "/" + name);
  std::string line;
  while (std::getline(in, line)) {
    std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    size_t blank = text.find_first_of(" \t");
    std::string key = text.substr(0, blank);
    std::string value = blank == std::string::npos ? "" : trim(text.substr(blank));
    if (key == "REQUEST") {
      c.request = substitute(value);
    } else if (key == "SPEC") {
      if (value == "refuse") {
        c.refuse = true;
      } else {
        auto kv = key_values(value);
        c.spec.insert(c.spec.end(), kv.begin(), kv.end());
      }
    } else if (key == "SPEC_FILTER") {
      auto kv = key_values(value);
      c.filters.insert(c.filters.end(), kv.begin(), kv.end());
    } else if (key == "PROBE") {
      c.probes.push_back(value);
    } else if (key == "LANG") {
      c.language = value;
    } else if (key == "REQUIRES") {
      c.requires_.push_back(value);
    }
  }
  if (c.request.empty()) c.problem = "no REQUEST line";
  if (!c.refuse && c.spec.empty()) c.problem = "no SPEC line";
  return c;
}

std::vector<RequestCase> load_cases() {
  std::vector<std::string> names;
  if (DIR* d = ::opendir(GPTTRACE_REQUESTS_DIR)) {
    while (dirent* e = ::readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 5 && n.compare(n.size() - 5, 5, ".test") == 0) names.push_back(n);
    }
    ::closedir(d);
  }
  std::sort(names.begin(), names.end());
  std::vector<RequestCase> cases;
  for (const std::string& n : names) cases.push_back(parse_case(GPTTRACE_REQUESTS_DIR, n));
  return cases;
}

std::string join(const std::vector<std::string>& items, const char* sep = ",") {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

// "threshold=>1ms": the expected Threshold; time units allow a Latency or Duration measure.
struct ExpectedThreshold {
  Comparison op = Comparison::Greater;
  uint64_t value = 0;
  bool time = true;
};

std::optional<ExpectedThreshold> parse_threshold(const std::string& text) {
  static const std::regex re(R"(^(>=|<=|==|>|<)([0-9]+(?:\.[0-9]+)?)(ns|us|ms|s|B|KiB|MiB)$)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  static const std::map<std::string, Comparison> ops = {{">", Comparison::Greater},
                                                        {">=", Comparison::GreaterEqual},
                                                        {"<", Comparison::Less},
                                                        {"<=", Comparison::LessEqual},
                                                        {"==", Comparison::Equal}};
  static const std::map<std::string, double> units = {{"ns", 1},       {"us", 1e3},     {"ms", 1e6}, {"s", 1e9},
                                                      {"B", 1},        {"KiB", 1024.0}, {"MiB", 1048576.0}};
  ExpectedThreshold t;
  t.op = ops.at(m[1]);
  t.value = static_cast<uint64_t>(std::stod(m[2]) * units.at(m[3]) + 0.5);
  t.time = m[3] != "B" && m[3] != "KiB" && m[3] != "MiB";
  return t;
}

// One line per difference between the expectations and the spec; empty when they agree.
std::vector<std::string> compare_spec(const RequestCase& c, const TraceSpec& spec) {
  std::vector<std::string> diffs;
  auto differ = [&](const std::string& what, const std::string& want, const std::string& got) {
    if (want != got) diffs.push_back(what + ": expected '" + want + "', got '" + got + "'");
  };
  for (const auto& [key, want] : c.spec) {
    if (key == "event") {
      differ(key, want, std::string(event_kind_name(spec.event)));
    } else if (key == "agg") {
      differ(key, want, std::string(aggregation_name(spec.aggregation)));
    } else if (key == "measure") {
      differ(key, want, std::string(measure_name(spec.measure)));
    } else if (key == "keys") {
      std::vector<std::string> got;
      for (Key k : spec.keys) got.emplace_back(key_name(k));
      differ(key, want, join(got));
    } else if (key == "top") {
      differ(key, want, spec.top_n ? std::to_string(*spec.top_n) : "unset");
    } else if (key == "hz") {
      differ(key, want, spec.frequency_hz ? std::to_string(*spec.frequency_hz) : "unset");
    } else if (key == "duration") {
      bool same = spec.duration_seconds && *spec.duration_seconds == std::stod(want);
      if (!same)
        diffs.push_back("duration: expected " + want + " s, got " +
                        (spec.duration_seconds ? std::to_string(*spec.duration_seconds) : "unset"));
    } else if (key == "syscalls") {
      differ(key, want, join(spec.syscalls));
    } else if (key == "function") {
      differ(key, want, spec.function);
    } else if (key == "tracepoint") {
      differ(key, want, spec.catalog.tracepoint);
    } else if (key == "end") {
      differ(key, want, spec.catalog.end_tracepoint);
    } else if (key == "value") {
      differ(key, want, spec.catalog.value_field);
    } else if (key == "fields") {
      differ(key, want, join(spec.catalog.key_fields));
    } else if (key == "binary") {
      if (spec.binary.find(want) == std::string::npos)
        diffs.push_back("binary: expected one containing '" + want + "', got '" + spec.binary + "'");
    } else {
      diffs.push_back("SPEC: unknown field '" + key + "'");
    }
  }

  const Filters& f = spec.filters;
  std::map<std::string, std::string> want_filters(c.filters.begin(), c.filters.end());
  auto num = [](const auto& opt) { return opt ? std::to_string(*opt) : std::string("unset"); };
  auto want_or_unset = [&](const std::string& key) {
    auto it = want_filters.find(key);
    return it == want_filters.end() ? std::string("unset") : it->second;
  };
  for (const auto& [key, value] : want_filters)
    if (key != "comm" && key != "pid" && key != "tid" && key != "uid" && key != "path" && key != "port" &&
        key != "signal" && key != "failures" && key != "threshold" && key != "target_pid")
      diffs.push_back("SPEC_FILTER: unknown field '" + key + "'");
  differ("filter comm", want_or_unset("comm"), f.comm.value_or("unset"));
  differ("filter pid", want_or_unset("pid"), num(f.pid));
  differ("filter tid", want_or_unset("tid"), num(f.tid));
  differ("filter uid", want_or_unset("uid"), num(f.uid));
  differ("filter path", want_or_unset("path"), f.path.value_or("unset"));
  differ("filter port", want_or_unset("port"), num(f.port));
  differ("filter signal", want_or_unset("signal"), num(f.signal));
  differ("filter target_pid", want_or_unset("target_pid"), num(f.target_pid));
  if (f.cgroup_id) diffs.push_back("filter cgroup: expected unset, got " + std::to_string(*f.cgroup_id));
  differ("filter failures", want_or_unset("failures") == "1" ? "1" : "unset", f.only_failures ? "1" : "unset");

  std::string threshold_text = want_or_unset("threshold");
  if (threshold_text == "unset") {
    if (f.threshold) diffs.push_back("filter threshold: expected unset, got one");
  } else if (auto want = parse_threshold(threshold_text); !want) {
    diffs.push_back("SPEC_FILTER: bad threshold '" + threshold_text + "'");
  } else if (!f.threshold) {
    diffs.push_back("filter threshold: expected " + threshold_text + ", got unset");
  } else {
    const Threshold& t = *f.threshold;
    bool time_measure = t.measure == Measure::Latency || t.measure == Measure::Duration;
    bool ok = t.op == want->op && t.value == want->value &&
              (want->time ? time_measure : t.measure == Measure::Bytes);
    if (!ok)
      diffs.push_back("filter threshold: expected " + threshold_text + " (" + std::to_string(want->value) +
                      (want->time ? " ns" : " bytes") + "), got " + std::string(measure_name(t.measure)) + " op " +
                      std::to_string(static_cast<int>(t.op)) + " " + std::to_string(t.value));
  }

  differ("language", c.language, spec.language);
  return diffs;
}

// A process with the case's comm, as the runtime case's workload would be: a word in a request is a process
// name only when such a process runs (or the executable exists).
class NamedProcess {
 public:
  explicit NamedProcess(const std::string& comm) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_NAME, comm.c_str());
      ::pause();
      ::_exit(0);
    }
    std::string want = comm.substr(0, 15);
    for (int tries = 0; pid_ > 0 && tries < 200; ++tries) {  // until the kernel shows the new name
      std::ifstream in("/proc/" + std::to_string(pid_) + "/comm");
      std::string got;
      if (std::getline(in, got) && got == want) break;
      ::usleep(5000);
    }
  }
  ~NamedProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  NamedProcess(const NamedProcess&) = delete;
  NamedProcess& operator=(const NamedProcess&) = delete;

 private:
  pid_t pid_ = -1;
};

const KernelCatalog* real_catalog() {
  static std::unique_ptr<KernelCatalog> catalog = make_real_catalog();
  return catalog.get();
}

class RequestSuiteTest : public ::testing::TestWithParam<RequestCase> {};

TEST_P(RequestSuiteTest, UnderstoodAndGenerated) {
  const RequestCase& c = GetParam();
  ASSERT_TRUE(c.problem.empty()) << c.file << ".test: " << c.problem;
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (the real catalog)";
  const KernelCatalog& catalog = *real_catalog();
  if (catalog.kernel().tracefs.empty() || catalog.tracepoint_names().empty())
    GTEST_SKIP() << "no tracefs mounted";
  for (const std::string& condition : c.requires_) {
    Result<bool> holds = test_cases::requirement_holds(condition, catalog);
    ASSERT_TRUE(holds) << c.file << ".test: " << holds.error().message;
    if (!*holds) GTEST_SKIP() << "requires " << condition << ", which does not hold here";
  }

  const std::string header = "case: " + c.file + "\nrequest: " + c.request + "\n";
  std::optional<NamedProcess> workload;
  for (const auto& [key, value] : c.filters)
    if (key == "comm") workload.emplace(value);
  Understanding understanding = understand_request(c.request, &catalog);

  if (c.refuse) {
    EXPECT_FALSE(understanding.spec) << header << "expected a refusal, got:\n"
                                     << (understanding.spec ? describe_spec(*understanding.spec) : "");
    EXPECT_FALSE(understanding.suggestions.empty()) << header << "refused without suggestions";
    return;
  }

  ASSERT_TRUE(understanding.spec) << header << "refused: " << understanding.message << "\nsuggestions: "
                                  << join(understanding.suggestions, " | ");
  const TraceSpec& spec = *understanding.spec;
  std::vector<std::string> diffs = compare_spec(c, spec);
  EXPECT_TRUE(diffs.empty()) << header << "mismatches:\n  " << join(diffs, "\n  ") << "\ngot:\n"
                             << describe_spec(spec);

  Result<GeneratedProgram> program = generate_program(spec, catalog);
  ASSERT_TRUE(program) << header << "spec:\n" << describe_spec(spec) << "generate_program failed: "
                       << program.error().message << (program.error().fix.empty() ? "" : "; ")
                       << program.error().fix;
  for (const std::string& want : c.probes) {
    bool found = std::any_of(program->probes.begin(), program->probes.end(),
                             [&](const std::string& p) { return p.find(want) != std::string::npos; });
    EXPECT_TRUE(found) << header << "no attach point contains '" << want << "'; probes: " << join(program->probes, " ")
                       << "\nspec:\n" << describe_spec(spec);
  }

  Diagnostics diags;
  ParsedProgram parsed = parse_program(program->source, diags);
  check_program(parsed, catalog, CheckOptions{}, diags);
  EXPECT_FALSE(diags.has_errors()) << header << "spec:\n" << describe_spec(spec) << "program:\n" << program->source
                                   << "check errors:\n" << diags.format(program->source);
}

// REQUIRES is decided by the catalog's support rules: the same line holds on a kernel with kprobes and not
// on one like this VM's (the fixture's default), and a malformed line is an error, not a skip.
TEST(CaseRequirements, FollowTheCatalogsSupportRules) {
  using test_cases::requirement_holds;
  FixtureCatalog no_kprobes;
  EXPECT_EQ(requirement_holds("probe=kprobe", no_kprobes), false);
  EXPECT_EQ(requirement_holds("!probe=kprobe", no_kprobes), true);
  EXPECT_EQ(requirement_holds("probe=tracepoint", no_kprobes), true);
  EXPECT_EQ(requirement_holds("bpftrace<0.19", no_kprobes), true);
  EXPECT_EQ(requirement_holds("bpftrace>=0.19", no_kprobes), false);
  FixtureCatalog with_kprobes;
  MachineFacts facts;
  facts.tracefs = "/sys/kernel/tracing";
  facts.kprobe_events = true;
  facts.btf = true;
  facts.bpftrace = with_kprobes.bpftrace();
  with_kprobes.set_facts(facts);
  EXPECT_EQ(requirement_holds("probe=kprobe", with_kprobes), true);
  EXPECT_EQ(requirement_holds("!probe=kprobe", with_kprobes), false);
  EXPECT_FALSE(requirement_holds("probe=nonsense", no_kprobes));
  EXPECT_FALSE(requirement_holds("kernel>=6.1", no_kprobes));
  EXPECT_FALSE(requirement_holds("bpftrace>=new", no_kprobes));
}

std::string case_name(const ::testing::TestParamInfo<RequestCase>& info) {
  std::string name = info.param.file;
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(RequestSuite, RequestSuiteTest, ::testing::ValuesIn(load_cases()), case_name);

}  // namespace
}  // namespace gpttrace
