// Parsers for text the machine gives us: tracefs `format` files and `bpftrace --version` / `--info`.
//
// A tracefs format file (events/CAT/NAME/format) reads:
//   name: NAME
//   ID: NUMBER
//   format:
//   <TAB>field:DECL;<TAB>offset:N;<TAB>size:N;<TAB>signed:N;      one line per field, common_* first
//   (blank line)
//   print fmt: "...", ARGS                                          may continue over several lines
// where DECL is one of
//   TYPE NAME                  "const char * filename", "pid_t pid"
//   TYPE NAME[N] / NAME[]      "char comm[16]"   -> type "char[16]", name "comm"
//   __data_loc TYPE[] NAME     "__data_loc char[] parent_comm" (a dynamic array: 16-bit offset + length)
// Kernels that predate `signed:` omit it; it then reads as unsigned.
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "kernel/fixture_catalog.h"

namespace gpttrace {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::optional<int> to_int(std::string_view s) {
  s = trim(s);
  int value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

// Splits DECL into (type, name); the array suffix of the name moves onto the type.
std::optional<std::pair<std::string, std::string>> split_declaration(std::string_view decl) {
  decl = trim(decl);
  std::string_view dims;
  if (!decl.empty() && decl.back() == ']') {
    size_t open = decl.rfind('[');
    if (open == std::string_view::npos) return std::nullopt;
    dims = decl.substr(open);
    decl = trim(decl.substr(0, open));
  }
  size_t start = decl.size();
  while (start > 0 && is_ident_char(decl[start - 1])) --start;
  if (start == decl.size() || start == 0) return std::nullopt;  // no name, or no type before it
  std::string type(trim(decl.substr(0, start)));
  type += dims;
  return std::pair{std::move(type), std::string(decl.substr(start))};
}

// Parses one "field:DECL;\toffset:N;\tsize:N;\tsigned:N;" line (leading whitespace already removed).
Result<TracepointField> parse_field_line(std::string_view line, int line_no) {
  auto bad = [&](std::string_view what) {
    return fail(fmt::format("tracefs format line {}: {}: '{}'", line_no, what, line),
                "the format file may come from an unsupported kernel; please report it");
  };
  TracepointField field;
  bool have_decl = false, have_offset = false, have_size = false;
  while (!line.empty()) {
    size_t semi = line.find(';');
    std::string_view item = trim(line.substr(0, semi));
    line = semi == std::string_view::npos ? std::string_view{} : line.substr(semi + 1);
    if (item.empty()) continue;
    size_t colon = item.find(':');
    if (colon == std::string_view::npos) return bad("item without ':'");
    std::string_view key = item.substr(0, colon), value = item.substr(colon + 1);
    if (key == "field") {
      auto decl = split_declaration(value);
      if (!decl) return bad("cannot split the declaration into type and name");
      field.type = std::move(decl->first);
      field.name = std::move(decl->second);
      have_decl = true;
    } else if (key == "offset" || key == "size" || key == "signed") {
      auto number = to_int(value);
      if (!number) return bad(fmt::format("{} is not a number", key));
      if (key == "offset") field.offset = *number, have_offset = true;
      if (key == "size") field.size = *number, have_size = true;
      if (key == "signed") field.is_signed = *number != 0;
    }  // Unknown keys are for newer kernels; ignoring them keeps the known ones usable.
  }
  if (!have_decl || !have_offset || !have_size) return bad("missing field, offset or size");
  // __rel_loc (5.19+) is the relative variant of __data_loc; both must be read through str()/buf().
  field.data_loc = field.type.starts_with("__data_loc") || field.type.starts_with("__rel_loc");
  field.common = field.name.starts_with("common_");
  return field;
}

}  // namespace

Result<std::vector<TracepointField>> parse_tracepoint_format(std::string_view format_text) {
  std::vector<TracepointField> fields;
  bool in_format = false;
  int line_no = 0;
  while (!format_text.empty()) {
    size_t nl = format_text.find('\n');
    std::string_view line = format_text.substr(0, nl);
    format_text = nl == std::string_view::npos ? std::string_view{} : format_text.substr(nl + 1);
    ++line_no;
    std::string_view text = trim(line);
    if (text == "format:") {
      in_format = true;
    } else if (text.starts_with("print fmt:")) {
      break;  // the rest is the printk format, possibly over several lines
    } else if (in_format && text.starts_with("field:")) {
      auto field = parse_field_line(text, line_no);
      if (!field) return tl::unexpected(field.error());
      fields.push_back(std::move(*field));
    }
  }
  if (!in_format) return fail("not a tracefs format file: no 'format:' line");
  return fields;
}

Result<Tracepoint> parse_tracepoint(std::string_view category, std::string_view name,
                                    std::string_view format_text) {
  auto fields = parse_tracepoint_format(format_text);
  if (!fields) return tl::unexpected(fields.error());
  Tracepoint tp{std::string(category), std::string(name), {}};
  for (TracepointField& field : *fields)
    if (!field.common) tp.fields.push_back(std::move(field));
  return tp;
}

BpftraceInfo parse_bpftrace_version(std::string_view version_output) {
  BpftraceInfo info;
  // The first "N.N[.N]" run of the output: "bpftrace v0.17.0", "bpftrace v0.20.0-rc1", "bpftrace 0.21.2".
  for (size_t i = 0; i < version_output.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(version_output[i]))) continue;
    if (i > 0 && is_ident_char(version_output[i - 1]) && version_output[i - 1] != 'v') continue;
    int parts[3] = {0, 0, 0};
    size_t pos = i;
    int count = 0;
    for (; count < 3; ++count) {
      auto [ptr, ec] = std::from_chars(version_output.data() + pos,
                                       version_output.data() + version_output.size(), parts[count]);
      if (ec != std::errc()) break;
      pos = static_cast<size_t>(ptr - version_output.data());
      if (count < 2 && (pos + 1 >= version_output.size() || version_output[pos] != '.' ||
                        !std::isdigit(static_cast<unsigned char>(version_output[pos + 1])))) {
        ++count;
        break;
      }
      ++pos;  // skip the '.'
    }
    if (count < 2) continue;  // a lone number is not a version
    info.found = true;
    info.major = parts[0];
    info.minor = parts[1];
    info.patch = parts[2];
    info.version = fmt::format("{}.{}.{}", info.major, info.minor, info.patch);
    // Cut-offs from bpftrace's CHANGELOG: 0.19 "Make args a structure (instead of a pointer)" and
    // rawtracepoint wildcards/listing, 0.20 "Add fentry/fexit aliases for kfunc/kretfunc",
    // 0.22 "Add --dry-run CLI option".
    info.args_dot = info.at_least(0, 19);
    info.rawtracepoint = info.at_least(0, 19);
    info.fentry_spelling = info.at_least(0, 20);
    info.has_dry_run = info.at_least(0, 22);
    break;
  }
  return info;
}

std::map<std::string, std::string> parse_bpftrace_info(std::string_view info_output) {
  std::map<std::string, std::string> values;
  while (!info_output.empty()) {
    size_t nl = info_output.find('\n');
    std::string_view line = info_output.substr(0, nl);
    info_output = nl == std::string_view::npos ? std::string_view{} : info_output.substr(nl + 1);
    // Section headers ("Probe types") have no ": "; keys may contain ':' themselves ("iter:task: no").
    size_t sep = line.rfind(": ");
    if (sep == std::string_view::npos) continue;
    std::string_view key = trim(line.substr(0, sep)), value = trim(line.substr(sep + 2));
    if (key.empty()) continue;
    values[std::string(key)] = std::string(value);
  }
  return values;
}

}  // namespace gpttrace
