// Binary, function and syscall slots: "malloc in libc", "function foo in /usr/bin/x", "uprobe:/bin/bash:readline",
// "kernel function vfs_read", "count vfs_read calls", "libc 中的 malloc", "getppid() calls".
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "kernel/catalog.h"
#include "plan/event_model.h"
#include "plan/lexicon.h"
#include "plan/slots.h"

namespace gpttrace::plan {

namespace {

using Tokens = std::vector<Token>;

bool identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

// A binary named in a request: a path, a known library or program, or something the catalog resolves.
bool binary_like(const Token& t, const KernelCatalog* catalog) {
  if (t.consumed) return false;
  if (t.kind == TokenKind::Path || t.kind == TokenKind::Quoted) return true;
  if (t.kind != TokenKind::Word) return false;
  if (known_library(t.text) || known_binary(t.text) || t.text.find(".so") != std::string::npos) return true;
  return catalog && catalog->resolve_binary(t.text).has_value();
}

bool kernel_function_known(std::string_view name, const KernelCatalog* catalog) {
  if (!catalog || catalog->kernel_function_names().empty()) return true;  // cannot check: let codegen decide
  return catalog->kernel_function(name).has_value();
}

void set_function(Slots& s, Tokens& t, FunctionKind kind, std::string binary, std::string function, size_t begin,
                  size_t end) {
  s.function_kind = kind;
  s.binary = std::move(binary);
  s.function = std::move(function);
  // "function", "函数", "()" around the name belong to it.
  if (begin > 0 && any_of(t, begin - 1, {"function", "func", "symbol", "函数", "uprobe", "kprobe"})) --begin;
  end += any_of(t, end, {"(", "()"});
  end += any_of(t, end, {")"});
  end += any_of(t, end, {"function", "函数", "()"});
  for (size_t k = begin; k < end && k < t.size(); ++k) t[k].consumed = true;
}

// "uprobe:/bin/bash:readline", "u:/lib/libc.so.6:malloc", "kprobe:vfs_read", "libc:malloc", "/bin/bash:readline".
bool probe_spec(Slots& s, Tokens& t, size_t i) {
  const std::string& text = t[i].kind == TokenKind::Path ? t[i].text : t[i].original;
  size_t first = text.find(':');
  if (first == std::string::npos || t[i].consumed) return false;
  std::string type = text.substr(0, first);
  std::string rest = text.substr(first + 1);
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (type == "kprobe" || type == "kretprobe" || type == "kfunc" || type == "kretfunc" || type == "fentry" ||
      type == "fexit" || type == "k" || type == "kr") {
    if (!identifier(rest)) return false;
    set_function(s, t, FunctionKind::Kernel, "", rest, i, i + 1);
    return true;
  }
  std::string binary, function;
  if (type == "uprobe" || type == "uretprobe" || type == "u" || type == "ur") {
    size_t last = rest.rfind(':');
    if (last == std::string::npos) return false;
    binary = rest.substr(0, last);
    function = rest.substr(last + 1);
  } else if (t[i].kind == TokenKind::Path || known_library(type)) {
    size_t last = text.rfind(':');
    binary = text.substr(0, last);
    function = text.substr(last + 1);
  } else {
    return false;
  }
  if (!identifier(function) || binary.empty()) return false;
  set_function(s, t, FunctionKind::User, binary, function, i, i + 1);
  return true;
}

// English verb forms ("typed in bash", "opened in vim") are not function names.
bool verb_form(std::string_view w) {
  return w.find('_') == std::string_view::npos && w.size() > 4 && (w.ends_with("ed") || w.ends_with("ing"));
}

bool function_name_at(const Tokens& t, size_t i) {
  return i < t.size() && !verb_form(t[i].text) && !t[i].consumed && t[i].kind == TokenKind::Word && identifier(t[i].text) &&
         t[i].text.size() > 1 && !syscall_owner(t[i].text) &&
         (!in_vocabulary(t, i) || t[i].text == "malloc" || t[i].text == "readline" || t[i].text == "getaddrinfo" ||
          t[i].text == "free" || t[i].text == "main");
}

std::string binary_text(const Token& t) { return t.kind == TokenKind::Word ? t.text : t.original; }

// Whether this kernel has the syscall; without a catalog, only an explicit "syscall" nearby says so.
bool kernel_syscall(std::string_view name, const KernelCatalog* catalog) {
  if (!catalog) return false;
  const auto& names = catalog->tracepoint_names();
  return std::binary_search(names.begin(), names.end(), "syscalls:sys_enter_" + std::string(name));
}

}  // namespace

// Syscalls the lexicon does not list, named as calls: "getppid() calls", "count setns syscalls",
// "system call sethostname". The kernel's syscall tracepoints confirm the name.
void extract_syscall_slots(Tokens& t, Slots& s, const KernelCatalog* catalog) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i].consumed || t[i].kind != TokenKind::Word || !identifier(t[i].text) || syscall_owner(t[i].text) ||
        in_vocabulary(t, i))
      continue;
    size_t parens = any_of(t, i + 1, {"()", "("});
    parens += parens ? any_of(t, i + 1 + parens, {")"}) : 0;
    size_t said_after = any_of(t, i + 1 + parens, {"syscall", "syscalls", "system call", "system calls"});
    bool said = said_after || (i > 0 && any_of(t, i - 1, {"syscall", "系统调用"}));
    bool call = parens || any_of(t, i + 1, {"calls", "call", "调用"});
    size_t in = any_of(t, i + 1 + parens, {"in", "from", "inside", "of"});
    bool user_function = in && i + 1 + parens + in < t.size() && binary_like(t[i + 1 + parens + in], catalog);
    bool known = kernel_syscall(t[i].text, catalog);
    if (user_function || !(said || call) || !(known || (said && !catalog))) continue;
    s.syscalls.push_back(t[i].text);
    for (size_t k = i; k < i + 1 + parens + said_after; ++k) t[k].consumed = true;
  }
}

void extract_function_slots(Tokens& t, Slots& s, const KernelCatalog* catalog) {
  for (size_t i = 0; i < t.size(); ++i)
    if ((t[i].kind == TokenKind::Word || t[i].kind == TokenKind::Path) && probe_spec(s, t, i)) return;

  for (size_t i = 0; i < t.size(); ++i) {
    // FUNC in BINARY
    if (function_name_at(t, i)) {
      size_t after = i + 1 + any_of(t, i + 1, {"()", "("}) ;
      after += any_of(t, after, {")"});
      after += any_of(t, after, {"function", "calls", "call"});
      if (size_t n = any_of(t, after, {"in", "from", "inside", "of", "within", "on"});
          n && after + n < t.size() && binary_like(t[after + n], catalog)) {
        set_function(s, t, FunctionKind::User, binary_text(t[after + n]), t[i].text, i, i + 1);
        for (size_t k = i; k <= after + n; ++k) t[k].consumed = true;
        return;
      }
    }
    // BINARY 中的 FUNC, BINARY's FUNC, BINARY FUNC function
    if (!t[i].consumed && t[i].kind != TokenKind::Cjk && t[i].kind != TokenKind::Punct) {
      size_t n = any_of(t, i + 1, {"中的", "里的", "里面的", "中", "里", "的", "'s", ":"});
      size_t f = i + 1 + n;
      if (function_name_at(t, f) && (n > 0 || any_of(t, f + 1, {"function", "函数"})) && binary_like(t[i], catalog)) {
        set_function(s, t, FunctionKind::User, binary_text(t[i]), t[f].text, f, f + 1);
        for (size_t k = i; k < f; ++k) t[k].consumed = true;
        return;
      }
    }
  }

  for (size_t i = 0; i < t.size(); ++i) {
    // kernel function X / 内核函数 X / X kernel function
    if (size_t n = any_of(t, i, {"kernel function", "kernel func", "kernel symbol", "内核函数", "kprobe", "kfunc", "kprobes"});
        n && i + n < t.size() && t[i + n].kind == TokenKind::Word && identifier(t[i + n].text)) {
      set_function(s, t, FunctionKind::Kernel, "", t[i + n].text, i, i + n + 1);
      return;
    }
    if (function_name_at(t, i) && any_of(t, i + 1, {"kernel function", "内核函数"})) {
      set_function(s, t, FunctionKind::Kernel, "", t[i].text, i, i + 3);
      return;
    }
    // A kernel-looking identifier: "vfs_read", "tcp_sendmsg", "do_sys_openat2".
    const Token& w = t[i];
    if (w.consumed || w.kind != TokenKind::Word || !identifier(w.text) || w.text.find('_') == std::string::npos) continue;
    std::string name = w.text;
    for (std::string_view prefix : {"sys_enter_", "sys_exit_", "__x64_sys_", "__arm64_sys_", "__se_sys_", "ksys_"})
      if (name.starts_with(prefix)) name = "";
    if (name.empty() || syscall_owner(name) || in_vocabulary(t, i)) continue;
    if (kernel_function_known(name, catalog)) {
      set_function(s, t, FunctionKind::Kernel, "", name, i, i + 1);
      return;
    }
  }
}

}  // namespace gpttrace::plan
