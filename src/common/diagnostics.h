// User-facing diagnostics: collected messages with a source location and hints, printed like bpftrace's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gpttrace {

// A span on one line of a program's source; line and columns are 1-based, 0 means "unknown".
// col_end is inclusive, as in bpftrace's "stdin:1:9-10".
struct SourceLocation {
  int line = 0;
  int col_begin = 0;
  int col_end = 0;
  bool known() const { return line > 0; }
};

enum class Severity { Error, Warning, Note };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;     // stable machine-readable kind, e.g. "unknown-probe", "unsafe-builtin"
  std::string message;  // one line, no trailing period
  SourceLocation loc;
  std::vector<std::string> hints;  // each printed as "HINT: ..."; "did you mean" lists go here
};

class Diagnostics {
 public:
  Diagnostic& error(std::string code, std::string message, SourceLocation loc = {});
  Diagnostic& warning(std::string code, std::string message, SourceLocation loc = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void merge(const Diagnostics& other);

  bool has_errors() const;
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  Diagnostic& back() { return items_.back(); }  // precondition: !empty()

  // Renders every diagnostic as "<file>:L:C-C: ERROR: message", the source line, a ~~~ underline under
  // the span, and one "HINT: ..." line per hint. `source` is the program the locations refer to.
  std::string format(std::string_view source, std::string_view file = "program") const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace gpttrace
