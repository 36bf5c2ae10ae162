// meaning_from_program and apply_plan: column titles, units and decoders for a program's maps.
//
// The scanner reads only what it needs from bpftrace source: assignments `@name[k1, k2] = fn(arg);`,
// `@name = fn(arg);` and `$var = expr;`, skipping strings and comments. Keys that read a bookkeeping map
// (`@_v0[tid]`, saved at a begin probe by generated programs) are resolved to what was saved there.
#include "results/meaning.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "plan/trace_spec.h"
#include "results/format.h"

namespace gpttrace {
namespace {

// What a key column holds; one row of kColumnKinds each.
enum class ColumnKind {
  Process, Pid, Tid, Uid, Cpu, KernelStack, UserStack, Syscall, Error, ReturnValue, Signal, Disk, File,
  Port, Address, ExitCode, Function, Probe, Cgroup,
};

struct ColumnKindInfo {
  ColumnKind kind;
  const char* en;
  const char* zh;
  Decoder decoder;
};

constexpr std::array<ColumnKindInfo, 19> kColumnKinds = {{
    {ColumnKind::Process, "process", "进程", Decoder::None},
    {ColumnKind::Pid, "PID", "进程号", Decoder::None},
    {ColumnKind::Tid, "TID", "线程号", Decoder::None},
    {ColumnKind::Uid, "UID", "用户ID", Decoder::None},
    {ColumnKind::Cpu, "CPU", "CPU", Decoder::None},
    {ColumnKind::KernelStack, "kernel stack", "内核栈", Decoder::KernelStack},
    {ColumnKind::UserStack, "user stack", "用户栈", Decoder::UserStack},
    {ColumnKind::Syscall, "syscall", "系统调用", Decoder::Syscall},
    {ColumnKind::Error, "error", "错误", Decoder::Errno},
    {ColumnKind::ReturnValue, "return value", "返回值", Decoder::ReturnValue},
    {ColumnKind::Signal, "signal", "信号", Decoder::Signal},
    {ColumnKind::Disk, "disk", "磁盘", Decoder::Disk},
    {ColumnKind::File, "file", "文件", Decoder::None},
    {ColumnKind::Port, "port", "端口", Decoder::None},
    {ColumnKind::Address, "address", "地址", Decoder::None},
    {ColumnKind::ExitCode, "exit code", "退出码", Decoder::None},
    {ColumnKind::Function, "function", "函数", Decoder::None},
    {ColumnKind::Probe, "probe", "探针", Decoder::None},
    {ColumnKind::Cgroup, "cgroup", "cgroup", Decoder::None},
}};

ColumnInfo column(ColumnKind kind, bool zh) {
  for (const ColumnKindInfo& info : kColumnKinds)
    if (info.kind == kind) return {zh ? info.zh : info.en, info.decoder};
  return {};
}

std::optional<ColumnKind> kind_of_key(Key key) {
  switch (key) {
    case Key::Comm: return ColumnKind::Process;
    case Key::Pid: return ColumnKind::Pid;
    case Key::Tid: return ColumnKind::Tid;
    case Key::Syscall: return ColumnKind::Syscall;
    case Key::File: return ColumnKind::File;
    case Key::Port: return ColumnKind::Port;
    case Key::Address: return ColumnKind::Address;
    case Key::KernelStack: return ColumnKind::KernelStack;
    case Key::UserStack: return ColumnKind::UserStack;
    case Key::Cpu: return ColumnKind::Cpu;
    case Key::Disk: return ColumnKind::Disk;
    case Key::Signal: return ColumnKind::Signal;
    case Key::Uid: return ColumnKind::Uid;
    case Key::ExitCode: return ColumnKind::ExitCode;
    case Key::Error: return ColumnKind::Error;
    case Key::Function: return ColumnKind::Function;
    case Key::Probe: return ColumnKind::Probe;
  }
  return std::nullopt;
}

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Source with strings blanked and comments removed, so the scanner never matches inside them.
std::string code_only(std::string_view src) {
  std::string out;
  out.reserve(src.size());
  for (size_t i = 0; i < src.size(); ++i) {
    if (src.compare(i, 2, "//") == 0) {
      while (i < src.size() && src[i] != '\n') ++i;
      out += '\n';
    } else if (src.compare(i, 2, "/*") == 0) {
      const size_t end = src.find("*/", i + 2);
      i = end == std::string_view::npos ? src.size() : end + 1;
      out += ' ';
    } else if (src[i] == '"') {
      out += '"';
      for (++i; i < src.size() && src[i] != '"'; ++i)
        if (src[i] == '\\') ++i;
      out += '"';
    } else {
      out += src[i];
    }
  }
  return out;
}

// The end of a bracketed group starting at `open` (which holds `(` or `[`), or npos.
size_t matching(const std::string& s, size_t open) {
  int depth = 0;
  for (size_t i = open; i < s.size(); ++i) {
    if (s[i] == '(' || s[i] == '[' || s[i] == '{') ++depth;
    if (s[i] == ')' || s[i] == ']' || s[i] == '}') {
      if (--depth == 0) return i;
    }
  }
  return std::string::npos;
}

std::vector<std::string> split_top_level(const std::string& s) {
  std::vector<std::string> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(' || s[i] == '[') ++depth;
    if (s[i] == ')' || s[i] == ']') --depth;
    if (s[i] == ',' && depth == 0) {
      parts.push_back(trim(std::string_view(s).substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(trim(std::string_view(s).substr(start)));
  return parts;
}

struct Assignment {
  std::string target;             // "@name", "$var"
  std::vector<std::string> keys;  // key expressions
  std::string rhs;                // right-hand side, up to ';' or '}'
};

std::vector<Assignment> scan_assignments(const std::string& code) {
  std::vector<Assignment> out;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code[i] != '@' && code[i] != '$') continue;
    if (i > 0 && ident_char(code[i - 1])) continue;
    size_t j = i + 1;
    while (j < code.size() && ident_char(code[j])) ++j;
    Assignment a{code.substr(i, j - i), {}, {}};
    size_t k = j;
    while (k < code.size() && std::isspace(static_cast<unsigned char>(code[k]))) ++k;
    if (k < code.size() && code[k] == '[') {
      const size_t close = matching(code, k);
      if (close == std::string::npos) continue;
      a.keys = split_top_level(code.substr(k + 1, close - k - 1));
      k = close + 1;
      while (k < code.size() && std::isspace(static_cast<unsigned char>(code[k]))) ++k;
    }
    if (k >= code.size() || code[k] != '=' || (k + 1 < code.size() && code[k + 1] == '=')) continue;
    size_t end = k + 1;
    int depth = 0;
    for (; end < code.size(); ++end) {
      if (code[end] == '(' || code[end] == '[') ++depth;
      if (code[end] == ')' || code[end] == ']') --depth;
      if (depth < 0 || (depth == 0 && (code[end] == ';' || code[end] == '}'))) break;
    }
    a.rhs = trim(std::string_view(code).substr(k + 1, end - k - 1));
    out.push_back(std::move(a));
    i = end == code.size() ? end : end - 1;
  }
  return out;
}

bool contains_word(std::string_view text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    const bool start_ok = at == 0 || !ident_char(text[at - 1]);
    const bool end_ok = at + word.size() >= text.size() || !ident_char(text[at + word.size()]);
    if (start_ok && end_ok) return true;
  }
  return false;
}

// `args->f` / `args.f` field name read by an expression, or empty.
std::string field_of(std::string_view expr) {
  size_t at = expr.find("args->");
  size_t skip = 6;
  if (at == std::string_view::npos) at = expr.find("args."), skip = 5;
  if (at == std::string_view::npos) return {};
  size_t end = at + skip;
  while (end < expr.size() && ident_char(expr[end])) ++end;
  return std::string(expr.substr(at + skip, end - at - skip));
}

std::optional<ColumnKind> kind_of_expression(std::string expr) {
  // str(x), ksym(x), usym(x) name what x is; a leading minus (-args->ret) makes an errno positive.
  const bool negated = !expr.empty() && expr[0] == '-';
  if (negated) expr = trim(std::string_view(expr).substr(1));
  for (std::string_view wrapper : {"str(", "ksym(", "usym(", "(int32)(", "(int64)("}) {
    if (expr.rfind(wrapper, 0) == 0 && expr.back() == ')')
      expr = trim(std::string_view(expr).substr(wrapper.size(), expr.size() - wrapper.size() - 1));
  }
  if (expr == "comm") return ColumnKind::Process;
  if (expr == "pid") return ColumnKind::Pid;
  if (expr == "tid") return ColumnKind::Tid;
  if (expr == "uid") return ColumnKind::Uid;
  if (expr == "cpu") return ColumnKind::Cpu;
  if (expr == "cgroup") return ColumnKind::Cgroup;
  if (expr == "probe") return ColumnKind::Probe;
  if (expr == "func") return ColumnKind::Function;
  if (expr.rfind("kstack", 0) == 0) return ColumnKind::KernelStack;
  if (expr.rfind("ustack", 0) == 0) return ColumnKind::UserStack;
  if (expr == "retval") return negated ? ColumnKind::Error : ColumnKind::ReturnValue;
  const std::string field = field_of(expr);
  if (field.empty()) return std::nullopt;
  if (field == "comm" || field == "next_comm" || field == "prev_comm" || field == "parent_comm" ||
      field == "child_comm")
    return ColumnKind::Process;
  if (field == "ret") return negated ? ColumnKind::Error : ColumnKind::ReturnValue;
  if (field == "id" || field == "syscall_nr") return ColumnKind::Syscall;
  if (field == "sig" || field == "signr" || field == "signal") return ColumnKind::Signal;
  if (field == "dev") return ColumnKind::Disk;
  if (field == "error" || field == "err" || field == "errno") return ColumnKind::Error;
  if (field == "filename" || field == "pathname" || field == "path" || field == "oldname" ||
      field == "newname")
    return ColumnKind::File;
  if (field == "dport" || field == "sport" || field == "lport" || field == "port") return ColumnKind::Port;
  if (field == "daddr" || field == "saddr") return ColumnKind::Address;
  if (field == "exit_code" || field == "code") return ColumnKind::ExitCode;
  if (field == "cpu") return ColumnKind::Cpu;
  return std::nullopt;
}

bool is_aggregation(std::string_view fn) {
  for (std::string_view a : {"count", "sum", "hist", "lhist", "avg", "min", "max", "stats"})
    if (fn == a) return true;
  return false;
}

// Splits `fn(args)` into fn and args; empty fn when the text is not a call.
std::pair<std::string, std::string> call_parts(const std::string& rhs) {
  const size_t open = rhs.find('(');
  if (open == std::string::npos || rhs.back() != ')') return {};
  std::string fn = trim(std::string_view(rhs).substr(0, open));
  if (fn.empty() || !std::all_of(fn.begin(), fn.end(), ident_char)) return {};
  return {fn, rhs.substr(open + 1, rhs.size() - open - 2)};
}

// The unit of an aggregated expression: a time when it derives from nsecs (scaled by "/ 1000" or
// "/ 1000000"), bytes when it reads a size field.
ValueUnit unit_from_expression(const std::string& expr, const std::vector<Assignment>& all) {
  std::string text = expr;
  for (const Assignment& a : all)  // $lat = nsecs - @start[tid]
    if (a.target[0] == '$' && contains_word(expr, a.target)) text += " " + a.rhs;
  if (contains_word(text, "nsecs") || contains_word(text, "elapsed")) {
    std::string compact;
    for (char c : text)
      if (!std::isspace(static_cast<unsigned char>(c))) compact += c;
    if (compact.find("/1000000000") != std::string::npos) return ValueUnit::None;  // seconds: not a unit we scale
    if (compact.find("/1000000") != std::string::npos) return ValueUnit::Milliseconds;
    if (compact.find("/1000") != std::string::npos) return ValueUnit::Microseconds;
    return ValueUnit::Nanoseconds;
  }
  const std::string field = field_of(text);
  for (std::string_view f : {"bytes", "nr_bytes", "len", "size", "bytes_alloc", "bytes_req", "count"})
    if (field == f) return ValueUnit::Bytes;
  return ValueUnit::None;
}

std::string value_title(const std::string& fn, ValueUnit unit, bool zh) {
  const bool time = unit == ValueUnit::Nanoseconds || unit == ValueUnit::Microseconds ||
                    unit == ValueUnit::Milliseconds;
  if (fn == "count") return zh ? "次数" : "count";
  if (fn == "avg") return zh ? (time ? "平均耗时" : "平均值") : (time ? "average latency" : "average");
  if (fn == "min") return zh ? "最小值" : "minimum";
  if (fn == "max") return zh ? "最大值" : "maximum";
  if (unit == ValueUnit::Bytes) return zh ? "字节数" : "bytes";
  if (time) return zh ? (fn == "sum" ? "总耗时" : "耗时") : (fn == "sum" ? "total time" : "latency");
  return zh ? "值" : "value";
}

}  // namespace

const MapInfo* ResultsMeaning::find(std::string_view map_name) const {
  auto it = maps.find(std::string(map_name));
  return it == maps.end() ? nullptr : &it->second;
}

ResultsMeaning meaning_from_program(std::string_view source, std::string_view language) {
  ResultsMeaning meaning;
  meaning.language = std::string(language);
  const bool zh = meaning.zh();
  const std::string code = code_only(source);
  const std::vector<Assignment> all = scan_assignments(code);
  auto resolve = [&](const std::string& expr) {
    // @_v0[tid] -> what was saved in @_v0 (a generated program's begin-site value)
    if (expr.size() > 1 && expr[0] == '@') {
      const std::string name = expr.substr(0, expr.find('['));
      for (const Assignment& a : all)
        if (a.target == name && !a.keys.empty() && !is_aggregation(call_parts(a.rhs).first)) return a.rhs;
    }
    return expr;
  };
  for (const Assignment& a : all) {
    if (a.target[0] != '@' || meaning.maps.count(a.target)) continue;
    auto [fn, arg] = call_parts(a.rhs);
    if (!is_aggregation(fn)) continue;
    MapInfo info;
    info.function = fn;
    for (const std::string& key : a.keys) {
      const std::string expr = resolve(key);
      auto kind = kind_of_expression(expr);
      info.keys.push_back(kind ? column(*kind, zh) : ColumnInfo{expr.size() <= 24 ? expr : expr.substr(0, 23) + "…"});
    }
    if (fn == "count") {
      info.unit = ValueUnit::Count;
    } else {
      const std::string value = fn == "lhist" ? split_top_level(arg).front() : arg;
      info.unit = detail::unit_from_name(a.target);
      if (info.unit == ValueUnit::None) info.unit = unit_from_expression(resolve(value), all);
    }
    info.value_title = value_title(fn, info.unit, zh);
    meaning.maps.emplace(a.target, std::move(info));
  }
  meaning.per_second = code.find("interval:s:1") != std::string::npos && code.find("clear(") != std::string::npos;
  return meaning;
}

void apply_plan(ResultsMeaning& meaning, const TraceSpec& spec) {
  meaning.language = spec.language;
  const bool zh = meaning.zh();
  meaning.per_second = meaning.per_second || spec.aggregation == Aggregation::Rate;
  for (auto& [name, info] : meaning.maps) {
    info.value_title = value_title(info.function, info.unit, zh);
    if (name.rfind("@_", 0) == 0 || info.keys.size() != spec.keys.size()) continue;
    for (size_t i = 0; i < spec.keys.size(); ++i)
      if (auto kind = kind_of_key(spec.keys[i])) info.keys[i] = column(*kind, zh);
  }
}

std::string_view unit_label(ValueUnit unit) {
  switch (unit) {
    case ValueUnit::Bytes: return "bytes";
    case ValueUnit::Nanoseconds: return "ns";
    case ValueUnit::Microseconds: return "us";
    case ValueUnit::Milliseconds: return "ms";
    default: return "";
  }
}

std::string title_with_unit(const std::string& title, ValueUnit unit) {
  const std::string_view label = unit_label(unit);
  if (label.empty() || title == label || unit == ValueUnit::Bytes) return title;
  return title + " (" + std::string(label) + ")";
}

}  // namespace gpttrace
