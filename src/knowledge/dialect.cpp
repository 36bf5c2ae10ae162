// The dialect renderer: a small scanner that skips strings and comments and rewrites two spellings.
#include "knowledge/dialect.h"

#include <cctype>

namespace gpttrace {

namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool starts_word(std::string_view s, size_t i, std::string_view word) {
  return s.compare(i, word.size(), word) == 0 && (i == 0 || !word_char(s[i - 1]));
}

}  // namespace

std::string render_for_dialect(std::string_view source, const BpftraceInfo& bpftrace) {
  if (!bpftrace.args_dot && !bpftrace.fentry_spelling) return std::string(source);
  std::string out;
  out.reserve(source.size());
  size_t i = 0;
  while (i < source.size()) {
    char c = source[i];
    if (c == '"') {  // string literal, with backslash escapes
      size_t j = i + 1;
      while (j < source.size() && source[j] != '"') j += source[j] == '\\' ? 2 : 1;
      j = std::min(j + 1, source.size());
      out.append(source.substr(i, j - i));
      i = j;
    } else if (source.compare(i, 2, "//") == 0) {
      size_t j = source.find('\n', i);
      j = j == std::string_view::npos ? source.size() : j;
      out.append(source.substr(i, j - i));
      i = j;
    } else if (source.compare(i, 2, "/*") == 0) {
      size_t j = source.find("*/", i + 2);
      j = j == std::string_view::npos ? source.size() : j + 2;
      out.append(source.substr(i, j - i));
      i = j;
    } else if (bpftrace.args_dot && starts_word(source, i, "args->")) {
      out += "args.";
      i += 6;
    } else if (bpftrace.fentry_spelling && starts_word(source, i, "kretfunc:")) {
      out += "fexit:";
      i += 9;
    } else if (bpftrace.fentry_spelling && starts_word(source, i, "kfunc:")) {
      out += "fentry:";
      i += 6;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

}  // namespace gpttrace
