// Recognises bpftrace's benign stderr lines so that only real errors reach the user.
#include "common/bpftrace_noise.h"

namespace gpttrace {

bool is_benign_stderr_line(std::string_view line) {
  if (line.find("couldn't set RLIMIT_MEMLOCK") != std::string_view::npos) return true;
  if (line.starts_with("Error while reading traceable functions")) return true;
  // "Attaching 1 probe..." / "Attaching 12 probes..."
  constexpr std::string_view kAttaching = "Attaching ";
  if (!line.starts_with(kAttaching)) return false;
  line.remove_prefix(kAttaching.size());
  size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  line.remove_prefix(digits);
  return digits > 0 && (line == " probe..." || line == " probes...");
}

}  // namespace gpttrace
