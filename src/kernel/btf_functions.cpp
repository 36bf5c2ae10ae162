// Kernel function prototypes from vmlinux BTF through libbpf; btf_dump renders the C type names.
#include "kernel/btf_functions.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

namespace gpttrace {

namespace {

// btf_dump prints through a printf-style callback; collect it into a string.
void append_printf(void* ctx, const char* format, va_list args) {
  auto* out = static_cast<std::string*>(ctx);
  va_list copy;
  va_copy(copy, args);
  int n = std::vsnprintf(nullptr, 0, format, copy);
  va_end(copy);
  if (n <= 0) return;
  size_t old = out->size();
  out->resize(old + static_cast<size_t>(n) + 1);
  std::vsnprintf(out->data() + old, static_cast<size_t>(n) + 1, format, args);
  out->resize(old + static_cast<size_t>(n));
}

}  // namespace

Result<std::unique_ptr<BtfFunctions>> BtfFunctions::load_vmlinux() {
  struct btf* btf = btf__load_vmlinux_btf();
  if (!btf) {
    int err = errno;
    return fail(fmt::format("cannot load kernel BTF: {}", std::strerror(err)),
                "a kernel built with CONFIG_DEBUG_INFO_BTF provides /sys/kernel/btf/vmlinux", err);
  }
  std::unique_ptr<BtfFunctions> self(new BtfFunctions());
  self->btf_ = btf;
  // The dumper prints into buffer_, which type_to_c empties before each use.
  self->dump_ = btf_dump__new(btf, append_printf, &self->buffer_, nullptr);
  if (!self->dump_) return fail("cannot create a BTF dumper (libbpf)", {}, errno);

  const unsigned count = btf__type_cnt(btf);
  for (unsigned id = 1; id < count; ++id) {
    const struct btf_type* t = btf__type_by_id(btf, id);
    if (!btf_is_func(t)) continue;
    const char* name = btf__name_by_offset(btf, t->name_off);
    if (name && *name) self->ids_.emplace_back(name, id);
  }
  std::sort(self->ids_.begin(), self->ids_.end());
  // A name can appear more than once (static functions in several files); the first id stands for it.
  self->ids_.erase(std::unique(self->ids_.begin(), self->ids_.end(),
                               [](const auto& a, const auto& b) { return a.first == b.first; }),
                   self->ids_.end());
  self->names_.reserve(self->ids_.size());
  for (const auto& [name, id] : self->ids_) self->names_.emplace_back(name);
  return self;
}

BtfFunctions::~BtfFunctions() {
  btf_dump__free(dump_);
  btf__free(btf_);
}

std::string BtfFunctions::type_to_c(unsigned type_id) const {
  if (type_id == 0) return "void";
  buffer_.clear();
  LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = "");
  if (btf_dump__emit_type_decl(dump_, type_id, &opts) != 0) return "?";
  return buffer_;
}

std::optional<KernelFunction> BtfFunctions::function(std::string_view name) const {
  auto it = std::lower_bound(ids_.begin(), ids_.end(), name,
                             [](const auto& entry, std::string_view key) { return entry.first < key; });
  if (it == ids_.end() || it->first != name) return std::nullopt;
  std::lock_guard lock(mutex_);  // one dumper and buffer are shared by all callers
  const struct btf_type* func = btf__type_by_id(btf_, it->second);
  const struct btf_type* proto = btf__type_by_id(btf_, func->type);
  if (!proto || !btf_is_func_proto(proto)) return std::nullopt;

  KernelFunction fn;
  fn.name = std::string(name);
  fn.return_type = type_to_c(proto->type);
  const struct btf_param* params = btf_params(proto);
  for (unsigned i = 0; i < btf_vlen(proto); ++i) {
    if (params[i].type == 0) continue;  // the "..." of a variadic function
    const char* pname = btf__name_by_offset(btf_, params[i].name_off);
    fn.params.push_back({pname ? pname : "", type_to_c(params[i].type)});
  }
  return fn;
}

}  // namespace gpttrace
