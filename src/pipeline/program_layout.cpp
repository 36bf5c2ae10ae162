// layout_for_reading: splits long predicate and body lines at top-level operators and statements.
#include "pipeline/program_layout.h"

#include <vector>

namespace gpttrace {
namespace {

constexpr size_t kWideLine = 100;
constexpr size_t kWideBody = 60;  // a body after a split predicate

// Positions in `line` outside strings, with the bracket depth at each: calls `at(i, depth)` for every
// character outside a string literal.
template <typename Visit>
void scan(std::string_view line, Visit at) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c == ')' || c == ']' || c == '}') --depth;
    at(i, depth);
    if (c == '(' || c == '[' || c == '{') ++depth;
  }
}

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(' ');
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(' ') - b + 1));
}

// "/a && b/" -> "/a &&\n b/": breaks after operators at depth 0.
std::string split_predicate(std::string_view line) {
  std::string out;
  size_t start = 0;
  scan(line, [&](size_t i, int depth) {
    if (depth != 0 || i + 1 >= line.size()) return;
    const bool op = (line[i] == '&' && line[i + 1] == '&') || (line[i] == '|' && line[i + 1] == '|');
    if (!op || (i > 0 && (line[i - 1] == '&' || line[i - 1] == '|'))) return;
    out += trim(line.substr(start, i + 2 - start)) + "\n ";
    start = i + 2;
  });
  return out + trim(line.substr(start));
}

// "P { s1; s2; }" -> "P {\n  s1;\n  s2;\n}" when the line's first '{' closes at its end.
std::string split_body(std::string_view line) {
  size_t open = std::string_view::npos, close = std::string_view::npos;
  std::vector<size_t> breaks;
  scan(line, [&](size_t i, int depth) {
    if (line[i] == '{' && depth == 0 && open == std::string_view::npos) open = i;
    if (line[i] == '}' && depth == 0 && close == std::string_view::npos) close = i;
    // After a statement, and after an inner block (`if (c) { ... }` needs no ';').
    const bool ends_statement = (line[i] == ';' || line[i] == '}') && depth == 1;
    if (ends_statement && open != std::string_view::npos && close == std::string_view::npos) breaks.push_back(i);
  });
  if (open == std::string_view::npos || close == std::string_view::npos || trim(line.substr(close + 1)) != "")
    return std::string(line);
  std::string out = trim(line.substr(0, open + 1)) + "\n";
  size_t start = open + 1;
  for (size_t b : breaks) {
    out += "  " + trim(line.substr(start, b + 1 - start)) + "\n";
    start = b + 1;
  }
  const std::string rest = trim(line.substr(start, close - start));
  if (!rest.empty()) out += "  " + rest + "\n";
  return out + "}";
}

}  // namespace

std::string layout_for_reading(std::string_view source) {
  std::string out;
  size_t start = 0;
  while (start < source.size()) {
    size_t nl = source.find('\n', start);
    const std::string_view line = source.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    const std::string t = trim(line);
    if (line.size() <= kWideLine) {
      out += line;
    } else if (t.size() > 2 && t.front() == '/') {
      // "/pred/ { body }": the predicate ends at the '/' right before the body's top-level '{'.
      size_t slash = std::string_view::npos;
      scan(line, [&](size_t i, int depth) {
        if (slash != std::string_view::npos || depth != 0 || line[i] != '{') return;
        const size_t before = line.find_last_not_of(' ', i - 1);
        if (before != std::string_view::npos && before > 0 && line[before] == '/') slash = before;
      });
      const std::string_view predicate = line.substr(0, slash == std::string_view::npos ? line.size() : slash + 1);
      out += split_predicate(predicate);
      if (slash != std::string_view::npos) {
        const std::string body = trim(line.substr(slash + 1));
        out += " " + (body.size() > kWideBody ? split_body(body) : body);
      }
    } else {
      out += split_body(line);
    }
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

}  // namespace gpttrace
