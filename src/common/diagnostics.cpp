// Collecting diagnostics and rendering them in bpftrace's "file:L:C-C: ERROR: ..." style.
#include "common/diagnostics.h"
#include "common/visible_text.h"

#include <fmt/format.h>

#include <algorithm>

namespace gpttrace {

namespace {

std::string_view severity_label(Severity severity) {
  switch (severity) {
    case Severity::Error:
      return "ERROR";
    case Severity::Warning:
      return "WARNING";
    case Severity::Note:
      return "NOTE";
  }
  return "ERROR";
}

// The 1-based `line` of `source`, or empty when out of range.
std::string_view source_line(std::string_view source, int line) {
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  return source.substr(start, end == std::string_view::npos ? source.size() - start : end - start);
}

}  // namespace

Diagnostic& Diagnostics::error(std::string code, std::string message, SourceLocation loc) {
  items_.push_back(Diagnostic{Severity::Error, std::move(code), std::move(message), loc, {}});
  return items_.back();
}

Diagnostic& Diagnostics::warning(std::string code, std::string message, SourceLocation loc) {
  items_.push_back(Diagnostic{Severity::Warning, std::move(code), std::move(message), loc, {}});
  return items_.back();
}

void Diagnostics::merge(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::string Diagnostics::format(std::string_view source, std::string_view file) const {
  std::string out;
  for (const Diagnostic& d : items_) {
    if (d.loc.known()) {
      out += fmt::format("{}:{}:{}", file, d.loc.line, d.loc.col_begin);
      if (d.loc.col_end > d.loc.col_begin) out += fmt::format("-{}", d.loc.col_end);
      out += fmt::format(": {}: {}\n", severity_label(d.severity), visible_controls(d.message, false));
      std::string_view line = source_line(source, d.loc.line);
      if (!line.empty()) {
        out += fmt::format("{}\n", visible_controls(line, false));
        int begin = std::max(1, d.loc.col_begin);
        int end = std::max(begin, d.loc.col_end);
        out += std::string(static_cast<size_t>(begin - 1), ' ');
        out += std::string(static_cast<size_t>(end - begin + 1), '~');
        out += '\n';
      }
    } else {
      out += fmt::format("{}: {}: {}\n", file, severity_label(d.severity), visible_controls(d.message, false));
    }
    for (const std::string& hint : d.hints) out += fmt::format("HINT: {}\n", visible_controls(hint, false));
  }
  return out;
}

}  // namespace gpttrace
