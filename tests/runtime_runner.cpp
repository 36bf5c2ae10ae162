// Runs one runtime test case (tests/runtime/*.test) against the real kernel: workloads, gpttrace, checks.
//
// Usage: runtime_runner --gpttrace PATH --workload PATH [--llm-server PATH] CASEFILE
// Prints "PASS NAME" and exits 0, or one "FAIL NAME: ..." line per failed check and exits 1.
//
// Case-file format: one `KEY value` per line; the value is the rest of the line after the first run of
// blanks, trailing blanks removed. Blank lines and lines whose first non-blank character is '#' are
// ignored (there are no trailing comments: '#' may be part of a program or a regex).
//
//   NAME text                 what the case checks (required)
//   REQUIRES condition        run the case only where it holds, else print "SKIP NAME: ..." and exit 77:
//                             probe=TYPE / !probe=TYPE (TYPE attaches here, by gpttrace's own support rules),
//                             bpftrace>=X.Y / bpftrace<X.Y (installed version), tool=NAME / !tool=NAME (in
//                             PATH); may repeat, all must hold
//   WORKLOAD evwk-args        arguments for the workload binary (--workload), split on blanks; started
//                             before gpttrace in its own process group, stopped (SIGTERM, then SIGKILL)
//                             at the end; may repeat. A workload that exits early with a non-zero code
//                             fails the case.
//   ARGS options              gpttrace arguments, split on blanks, placed first (so `run F` and `probes P`
//                             work too)
//   PROG program              passed as `-e PROG` (one argument)
//   REQUEST text              passed as the final positional argument (one argument)
//   STDIN none                stdin is /dev/null (the default)
//   STDIN text LINE           stdin is a pipe holding LINE and a newline (data, but not a terminal)
//   STDIN tty LINE            stdin is a pseudo-terminal on which LINE and a newline are typed
//   SIGNAL NAME SECONDS       send SIGNAME (INT, TERM, HUP or KILL) to gpttrace SECONDS after its start;
//                             may repeat
//   EXPECT text               stdout contains text; may repeat
//   EXPECT_REGEX regex        an ECMAScript regex matches somewhere in stdout; may repeat
//   EXPECT_NONE text          stdout does not contain text; may repeat
//   EXPECT_STDERR text        stderr contains text; may repeat
//   EXPECT_STDERR_REGEX regex an ECMAScript regex matches somewhere in stderr; may repeat
//   EXPECT_STDERR_NONE text   stderr does not contain text; may repeat
//   EXPECT_EXIT N | SIGNAME   exit code N, or death by that signal (e.g. SIGKILL). Default 0; a case that
//                             sends SIGNAL KILL also passes when gpttrace dies of SIGKILL.
//   NO_SURVIVORS 1|0          1 (default): a bpftrace process started by gpttrace (a descendant of the
//                             runner, which is a child subreaper) and still alive 1 s after gpttrace ended
//                             fails the case. Survivors are always killed; with 0 they are only reported.
//                             bpftrace runs of other users of the machine are ignored.
//   NO_ATTACH 1|0             1: fail if gpttrace started a bpftrace that runs a program (anything but
//                             compile-only or listing runs: -d, -dd, --emit-elf, -l, --info, -V, --version)
//   EXPECT_RUNTIME MIN MAX    gpttrace ran for at least MIN and at most MAX seconds (wall clock)
//   TIMEOUT SECONDS           limit for gpttrace's run (default 30); on expiry it is killed and the case
//                             fails
//   LLM_SCRIPT path           start the scripted OpenAI-compatible server (--llm-server, tests/llm_server)
//                             with this script (relative to the case file) on 127.0.0.1, and give gpttrace
//                             OPENAI_BASE_URL for it and a test OPENAI_API_KEY; the case also fails when
//                             that key appears in stdout or stderr. The server is killed at the end.
//   EXPECT_LLM_REQUEST N text the body of the server's Nth request (from 1) contains text; may repeat
//   SPEC, SPEC_FILTER, PROBE, LANG
//                             planner and codegen expectations of the request suite (tests/requests):
//                             read by the request-suite unit test, ignored here
//
// In WORKLOAD, ARGS, PROG, REQUEST, STDIN and the EXPECT values, {{WORKLOAD}} is replaced by the workload
// binary's path and {{WORKLOAD_PID}} by the pid of the first workload.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "case_requirements.h"
#include "kernel/catalog.h"
#include "sys/process.h"

namespace {

using Clock = std::chrono::steady_clock;
using gpttrace::ChildProcess;
using gpttrace::SpawnOptions;

constexpr size_t kPreviewBytes = 2048;
constexpr auto kWorkloadHeadStart = std::chrono::milliseconds(100);
constexpr auto kSurvivorGrace = std::chrono::seconds(1);
constexpr auto kDrainAfterExit = std::chrono::milliseconds(300);

const std::vector<std::pair<std::string, int>> kSignals = {
    {"INT", SIGINT}, {"TERM", SIGTERM}, {"HUP", SIGHUP}, {"KILL", SIGKILL}};

struct ScheduledSignal {
  std::string name;
  int number = 0;
  double at_seconds = 0;
  bool sent = false;
};

enum class StdinMode { kNone, kText, kTty };

struct Case {
  std::string name;
  std::vector<std::string> workloads;  // unsplit, substituted at start
  std::string args;
  std::optional<std::string> prog;
  std::optional<std::string> request;
  StdinMode stdin_mode = StdinMode::kNone;
  std::string stdin_line;
  std::vector<ScheduledSignal> signals;
  std::vector<std::string> expect, expect_regex, expect_none, expect_stderr, expect_stderr_regex,
      expect_stderr_none;
  std::optional<int> expect_code;    // exit code
  std::optional<int> expect_signal;  // or death by this signal
  bool no_survivors = true;
  bool no_attach = false;
  std::optional<std::pair<double, double>> expect_runtime;  // min, max seconds
  double timeout_seconds = 30;
  std::string llm_script;                                     // LLM_SCRIPT, resolved
  std::vector<std::pair<size_t, std::string>> expect_llm;    // EXPECT_LLM_REQUEST
  std::vector<std::string> requires_;                         // REQUIRES conditions
};

// Every key parse_case knows; `--check-readme` verifies that tests/runtime/README.md documents each.
constexpr const char* kKeys[] = {"NAME", "REQUIRES", "WORKLOAD", "ARGS", "PROG", "REQUEST", "STDIN", "SIGNAL",
                                 "EXPECT", "EXPECT_REGEX", "EXPECT_NONE", "EXPECT_STDERR", "EXPECT_STDERR_REGEX",
                                 "EXPECT_STDERR_NONE", "EXPECT_EXIT", "EXPECT_RUNTIME", "NO_SURVIVORS",
                                 "NO_ATTACH", "TIMEOUT", "SPEC", "SPEC_FILTER", "PROBE", "LANG", "LLM_SCRIPT",
                                 "EXPECT_LLM_REQUEST"};
constexpr int kSkipExit = 77;  // ctest's SKIP_RETURN_CODE for these cases

// Every key of kKeys must appear as `KEY in the README's table; returns the missing ones.
std::vector<std::string> undocumented_keys(const std::string& readme_path) {
  std::ifstream in(readme_path);
  std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> missing;
  for (const char* key : kKeys) {
    if (readme.find("| `" + std::string(key)) == std::string::npos &&
        readme.find("`, `" + std::string(key) + "`") == std::string::npos &&
        readme.find("/ `" + std::string(key)) == std::string::npos) {
      missing.push_back(key);
    }
  }
  return missing;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> split_blanks(const std::string& s) {
  std::vector<std::string> words;
  std::istringstream in(s);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::optional<double> parse_seconds(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0' || v < 0) return std::nullopt;
  return v;
}

std::optional<int> signal_number(std::string name) {
  if (name.rfind("SIG", 0) == 0) name = name.substr(3);
  for (const auto& [n, number] : kSignals)
    if (n == name) return number;
  return std::nullopt;
}

std::string signal_name(int number) {
  for (const auto& [n, num] : kSignals)
    if (num == number) return "SIG" + n;
  return "signal " + std::to_string(number);
}

// Parses a case file; on error returns "FILE:LINE: message".
gpttrace::Result<Case> parse_case(const std::string& path) {
  std::ifstream in(path);
  if (!in) return gpttrace::fail(path + ": cannot open");
  Case c;
  std::string line;
  for (int lineno = 1; std::getline(in, line); lineno++) {
    std::string text = trim(line);
    if (text.empty() || text[0] == '#') continue;
    size_t blank = text.find_first_of(" \t");
    std::string key = text.substr(0, blank);
    std::string value = blank == std::string::npos ? "" : trim(text.substr(blank));
    auto bad = [&](const std::string& why) {
      return gpttrace::fail(path + ":" + std::to_string(lineno) + ": " + key + ": " + why);
    };
    if (value.empty()) return bad("missing value");
    if (key == "REQUIRES") {
      c.requires_.push_back(value);
    } else if (key == "NAME") {
      c.name = value;
    } else if (key == "WORKLOAD") {
      c.workloads.push_back(value);
    } else if (key == "ARGS") {
      c.args = value;
    } else if (key == "PROG") {
      c.prog = value;
    } else if (key == "REQUEST") {
      c.request = value;
    } else if (key == "STDIN") {
      auto words = split_blanks(value);
      std::string rest = trim(value.substr(words[0].size()));
      if (words[0] == "none" && words.size() == 1) {
        c.stdin_mode = StdinMode::kNone;
      } else if (words[0] == "text") {
        c.stdin_mode = StdinMode::kText;
      } else if (words[0] == "tty") {
        c.stdin_mode = StdinMode::kTty;
      } else {
        return bad("expected none, text LINE or tty LINE");
      }
      c.stdin_line = rest;
    } else if (key == "SIGNAL") {
      auto words = split_blanks(value);
      auto number = words.size() == 2 ? signal_number(words[0]) : std::nullopt;
      auto at = words.size() == 2 ? parse_seconds(words[1]) : std::nullopt;
      if (!number || !at) return bad("expected INT|TERM|HUP|KILL SECONDS");
      c.signals.push_back({words[0], *number, *at});
    } else if (key == "EXPECT") {
      c.expect.push_back(value);
    } else if (key == "EXPECT_REGEX" || key == "EXPECT_STDERR_REGEX") {
      try {
        std::regex check(value, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        return bad(std::string("bad regex: ") + e.what());
      }
      (key == "EXPECT_REGEX" ? c.expect_regex : c.expect_stderr_regex).push_back(value);
    } else if (key == "EXPECT_NONE") {
      c.expect_none.push_back(value);
    } else if (key == "EXPECT_STDERR") {
      c.expect_stderr.push_back(value);
    } else if (key == "EXPECT_STDERR_NONE") {
      c.expect_stderr_none.push_back(value);
    } else if (key == "EXPECT_EXIT") {
      if (auto sig = signal_number(value); sig && value.rfind("SIG", 0) == 0) {
        c.expect_signal = sig;
      } else if (value.find_first_not_of("0123456789") == std::string::npos && value.size() <= 3) {
        c.expect_code = std::stoi(value);
      } else {
        return bad("expected an exit code or a signal name like SIGKILL");
      }
    } else if (key == "NO_SURVIVORS" || key == "NO_ATTACH") {
      if (value != "0" && value != "1") return bad("expected 0 or 1");
      (key == "NO_SURVIVORS" ? c.no_survivors : c.no_attach) = value == "1";
    } else if (key == "EXPECT_RUNTIME") {
      auto words = split_blanks(value);
      auto min = words.size() == 2 ? parse_seconds(words[0]) : std::nullopt;
      auto max = words.size() == 2 ? parse_seconds(words[1]) : std::nullopt;
      if (!min || !max || *min > *max) return bad("expected MIN MAX seconds");
      c.expect_runtime = {*min, *max};
    } else if (key == "SPEC" || key == "SPEC_FILTER" || key == "PROBE" || key == "LANG") {
      // read by the request-suite unit test (tests/unit/codegen/request_suite_test.cpp)
    } else if (key == "LLM_SCRIPT") {
      size_t slash = path.rfind('/');
      c.llm_script = value[0] == '/' || slash == std::string::npos ? value : path.substr(0, slash + 1) + value;
    } else if (key == "EXPECT_LLM_REQUEST") {
      size_t space = value.find(' ');
      long n = std::strtol(value.c_str(), nullptr, 10);
      if (space == std::string::npos || n <= 0) return bad("expected N text");
      c.expect_llm.emplace_back(static_cast<size_t>(n), trim(value.substr(space)));
    } else if (key == "TIMEOUT") {
      auto seconds = parse_seconds(value);
      if (!seconds || *seconds == 0) return bad("expected a positive number of seconds");
      c.timeout_seconds = *seconds;
    } else {
      return bad("unknown key");
    }
  }
  if (c.name.empty()) return gpttrace::fail(path + ": missing NAME");
  if (!c.expect_code && !c.expect_signal) c.expect_code = 0;
  return c;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
}

// One line, printable, at most kPreviewBytes of `s`.
std::string preview(const std::string& s) {
  std::string out = "\"";
  for (char ch : s.substr(0, kPreviewBytes)) {
    if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(ch));
      out += hex;
    } else {
      out += ch;
    }
  }
  out += '"';
  if (s.size() > kPreviewBytes) out += "...";
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A process identity that survives pid reuse: pid and start time (clock ticks since boot).
using ProcKey = std::pair<pid_t, unsigned long long>;

// The parent pid from /proc/PID/stat (field 4), or 0 when the process is gone.
pid_t parent_of(pid_t pid) {
  std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return 0;
  std::istringstream fields(stat.substr(paren + 2));
  std::string state;
  long ppid = 0;
  fields >> state >> ppid;
  return static_cast<pid_t>(ppid);
}

// True when `pid` is a descendant of this runner. main() makes the runner a child subreaper, so a bpftrace
// orphaned by gpttrace is re-parented here and still counts; bpftrace runs of other users of the machine
// (another test run, a developer) never do, and are neither reported nor killed.
bool started_by_us(pid_t pid) {
  for (int depth = 0; pid > 1 && depth < 64; depth++) {
    pid = parent_of(pid);
    if (pid == getpid()) return true;
  }
  return false;
}

// Every live (not zombie) process whose comm is "bpftrace" and that descends from this runner, with its
// command line (NULs shown as blanks).
std::map<ProcKey, std::string> bpftrace_processes() {
  std::map<ProcKey, std::string> found;
  DIR* proc = opendir("/proc");
  if (!proc) return found;
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    std::string dir = std::string("/proc/") + entry->d_name;
    if (read_file(dir + "/comm") != "bpftrace\n" || !started_by_us(static_cast<pid_t>(pid))) continue;
    std::string stat = read_file(dir + "/stat");
    size_t paren = stat.rfind(')');
    if (paren == std::string::npos) continue;
    std::istringstream fields(stat.substr(paren + 2));  // starts at field 3 (state)
    std::string field;
    fields >> field;
    // A zombie holds no probes any more; this VM's init reaps orphans only every few seconds.
    if (field == "Z" || field == "X") continue;
    for (int i = 4; i < 22 && fields >> field;) i++;
    unsigned long long start = 0;
    fields >> start;
    std::string cmdline = read_file(dir + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    found[{static_cast<pid_t>(pid), start}] = trim(cmdline);
  }
  closedir(proc);
  return found;
}

// True when a bpftrace command line only compiles or lists, so it attaches nothing.
bool compile_or_list_only(const std::string& cmdline) {
  for (const auto& word : split_blanks(cmdline))
    if (word == "-d" || word == "-dd" || word == "--emit-elf" || word == "-l" || word == "--info" ||
        word == "-V" || word == "--version")
      return true;
  return false;
}

// Reads what is available on `fd` into `out`; returns false at EOF or error (the caller stops polling).
bool read_some(int fd, std::string& out) {
  char buf[8192];
  ssize_t n = read(fd, buf, sizeof buf);
  if (n > 0) out.append(buf, static_cast<size_t>(n));
  return n > 0;
}

// Everything still buffered in a pipe whose writer is gone (a dead, reaped workload).
std::string drain_pipe(int fd) {
  std::string out;
  pollfd p{fd, POLLIN, 0};
  while (fd >= 0 && poll(&p, 1, 0) > 0 && read_some(fd, out)) {
  }
  return out;
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "death by " + signal_name(WTERMSIG(status));
  return "status " + std::to_string(status);
}

// A temporary file (mkstemp in $TMPDIR, else /tmp) removed when its owner goes, on every path.
class TempFile {
 public:
  explicit TempFile(const std::string& prefix) {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string path = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/" + prefix + "XXXXXX";
    int fd = mkstemp(path.data());
    if (fd < 0) return;
    close(fd);
    path_ = path;
  }
  ~TempFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }  // empty when it could not be created

 private:
  std::string path_;
};

struct Outcome {
  int status = 0;
  bool timed_out = false;
  double seconds = 0;  // from spawn to exit
  std::string out, err;
  std::vector<std::string> attached_cmdlines;  // bpftrace runs of a program seen during the case
};

class CaseRun {
 public:
  CaseRun(Case c, std::string gpttrace, std::string workload, std::string llm_server = {})
      : case_(std::move(c)), gpttrace_(std::move(gpttrace)), workload_(std::move(workload)),
        llm_server_(std::move(llm_server)) {}

  // Workloads still running (a path that ended the case early) are stopped as at the end, so they
  // remove their temp files; the LLM request log goes with llm_log_.
  ~CaseRun() { stop_workloads(); }
  CaseRun(const CaseRun&) = delete;
  CaseRun& operator=(const CaseRun&) = delete;

  // Runs the case; returns one message per failed check. Whatever fails early, the workloads are stopped
  // and checked for survivors the same way.
  std::vector<std::string> run() {
    before_ = bpftrace_processes();
    std::optional<Outcome> outcome;
    if (start_workloads()) {
      substitute_all();
      if (case_.llm_script.empty() || start_llm_server()) outcome = run_gpttrace();
    }
    auto ended = Clock::now();
    stop_workloads();
    check_survivors(ended);
    if (outcome) check_outcome(*outcome);
    if (outcome && !case_.llm_script.empty()) check_llm(*outcome);
    return failures_;
  }

  std::string command_line() const {
    std::string line;
    for (const auto& a : gpttrace_argv()) line += (line.empty() ? "" : " ") + preview(a);
    return line;
  }

 private:
  bool start_workloads() {
    for (const auto& args : case_.workloads) {
      std::string text = args;
      replace_all(text, "{{WORKLOAD}}", workload_);
      SpawnOptions options;
      options.inherit_environment = true;  // gpttrace, its workloads and the LLM server get ours
      options.argv = split_blanks(text);
      options.argv.insert(options.argv.begin(), workload_);
      options.capture_stdout = false;
      auto child = ChildProcess::spawn(options);
      if (!child) {
        failures_.push_back("cannot start workload " + preview(text) + ": " + child.error().message);
        return false;
      }
      workload_text_.push_back(text);
      workloads_.push_back(std::move(*child));
    }
    if (!workloads_.empty()) std::this_thread::sleep_for(kWorkloadHeadStart);
    return true;
  }

  void substitute(std::string& s) const {
    replace_all(s, "{{WORKLOAD}}", workload_);
    if (!workloads_.empty()) replace_all(s, "{{WORKLOAD_PID}}", std::to_string(workloads_[0].pid()));
  }

  void substitute_all() {
    substitute(case_.args);
    if (case_.prog) substitute(*case_.prog);
    if (case_.request) substitute(*case_.request);
    substitute(case_.stdin_line);
    for (auto* list : {&case_.expect, &case_.expect_regex, &case_.expect_none, &case_.expect_stderr,
                       &case_.expect_stderr_regex, &case_.expect_stderr_none})
      for (auto& s : *list) substitute(s);
  }

  std::vector<std::string> gpttrace_argv() const {
    std::vector<std::string> argv = split_blanks(case_.args);
    argv.insert(argv.begin(), gpttrace_);
    if (case_.prog) {
      argv.push_back("-e");
      argv.push_back(*case_.prog);
    }
    if (case_.request) argv.push_back(*case_.request);
    return argv;
  }

  std::optional<Outcome> run_gpttrace() {
    SpawnOptions options;
    options.inherit_environment = true;  // gpttrace, its workloads and the LLM server get ours
    options.argv = gpttrace_argv();
    options.own_process_group = false;  // so that signal() reaches gpttrace alone, as a user's kill would
    int tty_master = -1;
    if (case_.stdin_mode == StdinMode::kText) {
      options.stdin_data = case_.stdin_line + "\n";
    } else if (case_.stdin_mode == StdinMode::kTty) {
      // stdin becomes a pseudo-terminal's slave: a shell redirects it, then execs gpttrace (same pid).
      tty_master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (tty_master < 0 || grantpt(tty_master) != 0 || unlockpt(tty_master) != 0) {
        failures_.push_back(std::string("cannot open a pseudo-terminal: ") + std::strerror(errno));
        if (tty_master >= 0) close(tty_master);
        return std::nullopt;
      }
      options.argv.insert(options.argv.begin(),
                          {"/bin/sh", "-c", "exec 0<\"$0\" && exec \"$@\"", ptsname(tty_master)});
    }
    auto spawned = ChildProcess::spawn(options);
    if (!spawned) {
      failures_.push_back("cannot start gpttrace: " + spawned.error().message);
      if (tty_master >= 0) close(tty_master);
      return std::nullopt;
    }
    ChildProcess& child = *spawned;
    if (tty_master >= 0) {
      std::string typed = case_.stdin_line + "\n";
      if (write(tty_master, typed.data(), typed.size()) < 0) failures_.push_back("cannot type on the tty");
    }

    Outcome outcome;
    auto start = Clock::now();
    auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                std::chrono::duration<double>(case_.timeout_seconds));
    std::optional<Clock::time_point> exited_at;
    bool out_open = true, err_open = true;
    // Until gpttrace has exited and its pipes are at EOF, or a grandchild has held them open too long.
    while (!exited_at || ((out_open || err_open) && Clock::now() - *exited_at < kDrainAfterExit)) {
      auto now = Clock::now();
      if (!exited_at && !outcome.timed_out && now > deadline) {
        outcome.timed_out = true;
        child.signal(SIGKILL);
      }
      double elapsed = std::chrono::duration<double>(now - start).count();
      for (auto& s : case_.signals) {
        if (!s.sent && !exited_at && elapsed >= s.at_seconds) {
          child.signal(s.number);
          s.sent = true;
        }
      }
      if (case_.no_attach) note_attaching_bpftrace();
      pollfd fds[2] = {{out_open ? child.stdout_fd() : -1, POLLIN, 0},
                       {err_open ? child.stderr_fd() : -1, POLLIN, 0}};
      poll(fds, 2, 20);
      if (fds[0].revents && !read_some(fds[0].fd, outcome.out)) out_open = false;
      if (fds[1].revents && !read_some(fds[1].fd, outcome.err)) err_open = false;
      if (!exited_at) {
        if (auto status = child.try_wait()) {
          outcome.status = *status;
          exited_at = Clock::now();
          outcome.seconds = std::chrono::duration<double>(*exited_at - start).count();
        }
      }
    }
    if (tty_master >= 0) close(tty_master);
    outcome.attached_cmdlines = attached_;
    return outcome;
  }

  void note_attaching_bpftrace() {
    for (const auto& [key, cmdline] : bpftrace_processes()) {
      if (before_.count(key) || seen_.count(key)) continue;
      seen_.insert({key, cmdline});
      if (!compile_or_list_only(cmdline)) attached_.push_back(cmdline);
    }
  }

  // SIGTERM lets evwk remove its temp files; what is still running after a second is killed (the
  // ChildProcess destructor kills the whole group). A workload that failed on its own fails the case.
  void stop_workloads() {
    for (size_t i = 0; i < workloads_.size(); i++) {
      ChildProcess& w = workloads_[i];
      if (auto status = w.try_wait()) {
        if (!WIFEXITED(*status) || WEXITSTATUS(*status) != 0)
          failures_.push_back("workload " + preview(workload_text_[i]) + " ended early (" +
                              describe_status(*status) + "), stderr: " + preview(drain_pipe(w.stderr_fd())));
        continue;
      }
      w.signal(SIGTERM);
    }
    auto give_up = Clock::now() + std::chrono::seconds(1);
    for (auto& w : workloads_)
      while (w.running() && !w.try_wait() && Clock::now() < give_up)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    workloads_.clear();
  }

  // Waits until `ended` + 1 s for the bpftrace processes started during the case to go, then kills the
  // rest so that one failing case does not poison the next.
  void check_survivors(Clock::time_point ended) {
    std::map<ProcKey, std::string> survivors;
    for (;;) {
      survivors.clear();
      for (auto& [key, cmdline] : bpftrace_processes())
        if (!before_.count(key)) survivors.insert({key, cmdline});
      if (survivors.empty() || Clock::now() > ended + kSurvivorGrace) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (const auto& [key, cmdline] : survivors) {
      kill(key.first, SIGKILL);
      std::string message = "bpftrace pid " + std::to_string(key.first) +
                            " survived gpttrace by more than 1 s (killed now): " + preview(cmdline);
      if (case_.no_survivors) {
        failures_.push_back(message);
      } else {
        std::printf("NOTE %s: %s\n", case_.name.c_str(), message.c_str());
      }
    }
  }

  void check_outcome(const Outcome& o) {
    std::string out = "; stdout " + preview(o.out);
    std::string err = "; stderr " + preview(o.err);
    for (const auto& cmdline : o.attached_cmdlines)
      failures_.push_back("expected nothing attached (NO_ATTACH), but gpttrace ran bpftrace: " +
                          preview(cmdline));
    if (o.timed_out) {
      failures_.push_back("gpttrace still running after TIMEOUT " + seconds_text(case_.timeout_seconds) +
                          ", killed" + err + out);
      return;
    }
    bool sent_kill = std::any_of(case_.signals.begin(), case_.signals.end(),
                                 [](const ScheduledSignal& s) { return s.sent && s.number == SIGKILL; });
    bool exit_ok = case_.expect_signal ? WIFSIGNALED(o.status) && WTERMSIG(o.status) == *case_.expect_signal
                                       : WIFEXITED(o.status) && WEXITSTATUS(o.status) == *case_.expect_code;
    if (sent_kill && WIFSIGNALED(o.status) && WTERMSIG(o.status) == SIGKILL) exit_ok = true;
    if (!exit_ok) {
      std::string want = case_.expect_signal ? "death by " + signal_name(*case_.expect_signal)
                                             : "exit code " + std::to_string(*case_.expect_code);
      failures_.push_back("expected " + want + ", got " + describe_status(o.status) + err + out);
    }
    for (const auto& s : case_.expect)
      if (o.out.find(s) == std::string::npos)
        failures_.push_back("expected stdout to contain " + preview(s) + out);
    for (const auto& r : case_.expect_regex)
      if (!std::regex_search(o.out, std::regex(r, std::regex::ECMAScript)))
        failures_.push_back("expected stdout to match /" + r + "/" + out);
    for (const auto& s : case_.expect_none)
      if (o.out.find(s) != std::string::npos)
        failures_.push_back("expected stdout not to contain " + preview(s) + out);
    for (const auto& s : case_.expect_stderr)
      if (o.err.find(s) == std::string::npos)
        failures_.push_back("expected stderr to contain " + preview(s) + err);
    for (const auto& r : case_.expect_stderr_regex)
      if (!std::regex_search(o.err, std::regex(r, std::regex::ECMAScript)))
        failures_.push_back("expected stderr to match /" + r + "/" + err);
    for (const auto& s : case_.expect_stderr_none)
      if (o.err.find(s) != std::string::npos)
        failures_.push_back("expected stderr not to contain " + preview(s) + err);
    if (case_.expect_runtime &&
        (o.seconds < case_.expect_runtime->first || o.seconds > case_.expect_runtime->second))
      failures_.push_back("expected gpttrace to run " + seconds_text(case_.expect_runtime->first) + " to " +
                          seconds_text(case_.expect_runtime->second) + ", it ran " + seconds_text(o.seconds) +
                          err);
  }

  static constexpr const char* kLlmTestKey = "sk-runtime-test-key-7f3a9c";

  // Starts llm_server on the script and points gpttrace at it through its environment.
  bool start_llm_server() {
    if (llm_server_.empty()) {
      failures_.push_back("LLM_SCRIPT needs runtime_runner --llm-server PATH");
      return false;
    }
    llm_log_.emplace("gpttrace_llm_requests_");
    if (llm_log_->path().empty()) {
      failures_.push_back(std::string("cannot create the LLM request log: ") + std::strerror(errno));
      return false;
    }
    SpawnOptions options;
    options.inherit_environment = true;  // gpttrace, its workloads and the LLM server get ours
    options.argv = {llm_server_, case_.llm_script, llm_log_->path()};
    auto child = ChildProcess::spawn(options);
    std::string port;
    if (child) {
      pollfd p{child->stdout_fd(), POLLIN, 0};
      while (port.find('\n') == std::string::npos && poll(&p, 1, 5000) > 0 && read_some(p.fd, port)) {
      }
    }
    if (!child || port.find('\n') == std::string::npos) {
      failures_.push_back("cannot start llm_server on " + preview(case_.llm_script) +
                          (child ? drain_pipe(child->stderr_fd()) : child.error().message));
      return false;
    }
    llm_process_ = std::move(*child);
    setenv("OPENAI_BASE_URL", ("http://127.0.0.1:" + trim(port.substr(0, port.find('\n'))) + "/v1").c_str(), 1);
    setenv("OPENAI_API_KEY", kLlmTestKey, 1);
    return true;
  }

  // The requests the server received, and the key nowhere in gpttrace's output.
  void check_llm(const Outcome& o) {
    llm_process_.reset();  // kills and reaps the server
    std::string log = read_file(llm_log_->path());
    std::vector<std::string> bodies;
    for (size_t at = log.find("=== request "); at != std::string::npos;) {
      size_t body = log.find('\n', at) + 1;
      size_t next = log.find("\n=== request ", body);
      bodies.push_back(log.substr(body, next == std::string::npos ? std::string::npos : next - body));
      at = next == std::string::npos ? next : next + 1;
    }
    for (const auto& [n, text] : case_.expect_llm) {
      if (n > bodies.size()) {
        failures_.push_back("expected an LLM request " + std::to_string(n) + ", the server got " +
                            std::to_string(bodies.size()));
      } else if (bodies[n - 1].find(text) == std::string::npos) {
        failures_.push_back("expected LLM request " + std::to_string(n) + " to contain " + preview(text) + ": " +
                            preview(bodies[n - 1]));
      }
    }
    if (o.out.find(kLlmTestKey) != std::string::npos || o.err.find(kLlmTestKey) != std::string::npos)
      failures_.push_back("the API key appeared in gpttrace's output");
  }

  Case case_;
  std::string gpttrace_;
  std::string workload_;
  std::string llm_server_;
  std::optional<TempFile> llm_log_;  // the server's request log, removed with the run (after the server)
  std::optional<ChildProcess> llm_process_;
  std::vector<ChildProcess> workloads_;
  std::vector<std::string> workload_text_;
  std::map<ProcKey, std::string> before_;
  std::map<ProcKey, std::string> seen_;
  std::vector<std::string> attached_;
  std::vector<std::string> failures_;
};

int usage() {
  std::fprintf(stderr, "usage: runtime_runner --gpttrace PATH --workload PATH [--llm-server PATH] CASEFILE\n");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string gpttrace, workload, case_path, llm_server;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    if (arg == "--check-readme" && i + 1 < argc) {
      auto missing = undocumented_keys(argv[++i]);
      for (const auto& key : missing) std::printf("FAIL %s does not document the key %s\n", argv[i], key.c_str());
      if (missing.empty()) std::printf("PASS %s documents all %zu keys\n", argv[i], std::size(kKeys));
      return missing.empty() ? 0 : 1;
    }
    if ((arg == "--gpttrace" || arg == "--workload") && i + 1 < argc) {
      (arg == "--gpttrace" ? gpttrace : workload) = argv[++i];
    } else if (arg == "--llm-server" && i + 1 < argc) {
      llm_server = argv[++i];
    } else if (case_path.empty() && arg.rfind("--", 0) != 0) {
      case_path = arg;
    } else {
      return usage();
    }
  }
  if (gpttrace.empty() || workload.empty() || case_path.empty()) return usage();
  prctl(PR_SET_CHILD_SUBREAPER, 1);  // orphaned bpftrace runs of gpttrace stay our descendants

  auto parsed = parse_case(case_path);
  if (!parsed) {
    std::fprintf(stderr, "FAIL %s\n", parsed.error().message.c_str());
    return 1;
  }
  std::string name = parsed->name;
  // Built only when a case asks: REQUIRES is judged by gpttrace's own support rules on this machine.
  std::unique_ptr<gpttrace::KernelCatalog> catalog;
  if (!parsed->requires_.empty()) catalog = gpttrace::make_real_catalog();
  for (const std::string& condition : parsed->requires_) {
    auto holds = gpttrace::test_cases::requirement_holds(condition, *catalog);
    if (!holds) {
      std::printf("FAIL %s: %s\n", name.c_str(), holds.error().message.c_str());
      return 1;
    }
    if (!*holds) {
      std::printf("SKIP %s: requires %s, which does not hold here\n", name.c_str(), condition.c_str());
      return kSkipExit;
    }
  }
  CaseRun run(std::move(*parsed), gpttrace, workload, llm_server);
  auto start = Clock::now();
  auto failures = run.run();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (failures.empty()) {
    std::printf("PASS %s (%.1f s)\n", name.c_str(), seconds);
    return 0;
  }
  for (const auto& f : failures) std::printf("FAIL %s: %s\n", name.c_str(), f.c_str());
  std::printf("command: %s\n", run.command_line().c_str());
  return 1;
}
