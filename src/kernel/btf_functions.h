// Kernel functions from BTF (libbpf): the FUNC names and their prototypes rendered as C.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "kernel/catalog.h"

struct btf;
struct btf_dump;

namespace gpttrace {

class BtfFunctions {
 public:
  // Loads vmlinux BTF (/sys/kernel/btf/vmlinux, or what libbpf finds). Fails when there is none.
  static Result<std::unique_ptr<BtfFunctions>> load_vmlinux();
  ~BtfFunctions();
  BtfFunctions(const BtfFunctions&) = delete;
  BtfFunctions& operator=(const BtfFunctions&) = delete;

  // Every BTF_KIND_FUNC name, sorted and unique.
  const std::vector<std::string>& names() const { return names_; }
  // The function with its return type and parameters ("struct file *", "const char *", "size_t").
  std::optional<KernelFunction> function(std::string_view name) const;

 private:
  BtfFunctions() = default;
  std::string type_to_c(unsigned type_id) const;  // caller holds mutex_

  struct btf* btf_ = nullptr;
  struct btf_dump* dump_ = nullptr;  // prints into buffer_
  mutable std::string buffer_;
  mutable std::mutex mutex_;
  std::vector<std::string> names_;
  std::vector<std::pair<std::string_view, unsigned>> ids_;  // sorted by name; views into BTF strings
};

}  // namespace gpttrace
