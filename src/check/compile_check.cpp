// Runs bpftrace's own compiler without loading anything and turns its error text into diagnostics.
#include "check/compile_check.h"

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <regex>

#include "common/bpftrace_noise.h"
#include "sys/process.h"
#include "sys/signals.h"

namespace gpttrace {

namespace {

// A line or column number from bpftrace's text; 0 (unknown) when it does not fit an int.
int position(const std::ssub_match& digits) {
  int value = 0;
  std::string text = digits.str();
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() ? value : 0;
}

bool is_underline(std::string_view line) {
  return !line.empty() && line.find_first_not_of(" ~^") == std::string_view::npos;
}

// A private temporary directory (mkdtemp, mode 0700) holding the compile check's output file; both are
// removed when this goes out of scope. Stop signals are routed to the self-pipe first, so a Ctrl-C while
// bpftrace compiles unwinds through here instead of killing gpttrace with the files left behind.
class TempPath {
 public:
  TempPath() {
    install_stop_signal_pipe();
    const char* tmpdir = std::getenv("TMPDIR");
    dir_ = fmt::format("{}/gpttrace-compile-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (::mkdtemp(dir_.data()) == nullptr) {
      dir_.clear();
      return;
    }
    path_ = dir_ + "/program.o";
  }
  ~TempPath() {
    if (dir_.empty()) return;
    ::unlink(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};

}  // namespace

Diagnostics parse_bpftrace_errors(std::string_view stderr_text) {
  static const std::regex located(R"(^[^:\s]+:(\d+):(\d+)(?:-(\d+))?: (ERROR|WARNING): (.*)$)");
  static const std::regex plain(R"(^(ERROR|WARNING|FATAL): (.*)$)");
  Diagnostics diags;
  size_t start = 0;
  int skip_source_lines = 0;  // a located message is followed by its source line and an underline
  while (start < stderr_text.size()) {
    size_t nl = stderr_text.find('\n', start);
    std::string line(stderr_text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    start = nl == std::string_view::npos ? stderr_text.size() : nl + 1;
    if (line.empty() || is_benign_stderr_line(line)) continue;
    std::smatch m;
    if (std::regex_match(line, m, located)) {
      SourceLocation loc{position(m[1]), position(m[2]), position(m[3].matched ? m[3] : m[2])};
      Severity severity = m[4] == "WARNING" ? Severity::Warning : Severity::Error;
      diags.add(Diagnostic{severity, "bpftrace", m[5], loc, {}});
      skip_source_lines = 2;
    } else if (std::regex_match(line, m, plain)) {
      Severity severity = m[1] == "WARNING" ? Severity::Warning : Severity::Error;
      diags.add(Diagnostic{severity, "bpftrace", m[2], {}, {}});
      skip_source_lines = 0;
    } else if (skip_source_lines > 0) {
      --skip_source_lines;
      if (is_underline(line)) skip_source_lines = 0;
    } else if (!is_underline(line) && !diags.empty()) {
      // Continuation text (bpftrace sometimes explains on following lines): keep it as a hint.
      diags.back().hints.push_back(line);
    } else if (!is_underline(line)) {
      diags.add(Diagnostic{Severity::Error, "bpftrace", line, {}, {}});
    }
  }
  return diags;
}

Result<void> compile_check(const BpftraceInfo& bpftrace, const std::string& program, bool allow_unsafe,
                           Diagnostics& diags) {
  if (!bpftrace.found) {
    return fail("bpftrace is not installed", "install it with: apt-get install bpftrace");
  }
  TempPath elf;
  std::vector<std::string> argv = {bpftrace.path};
  if (bpftrace.has_dry_run) {
    argv.emplace_back("--dry-run");
  } else {
    if (elf.path().empty()) return fail("cannot create a temporary file for the compile check", "check $TMPDIR", errno);
    argv.insert(argv.end(), {"--emit-elf", elf.path()});
  }
  if (allow_unsafe) argv.emplace_back("--unsafe");
  argv.insert(argv.end(), {"-e", program});
  Result<CapturedRun> run = run_and_capture(argv, std::nullopt, std::chrono::seconds(30));
  if (!run) return tl::unexpected(run.error());
  if (run->timed_out) return fail("bpftrace's compile check did not finish in 30 s", "try a simpler program");
  Diagnostics found = parse_bpftrace_errors(run->err);
  if (run->exit_code != 0 && !found.has_errors()) {
    diags.error("bpftrace", fmt::format("bpftrace's compile check failed (exit code {})", run->exit_code));
  }
  diags.merge(found);
  return {};
}

}  // namespace gpttrace
