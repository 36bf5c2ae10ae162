// Binaries and shared libraries for uprobes: finding them by name and listing their function symbols.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.h"

namespace gpttrace {

// "bash" -> PATH lookup; "./a.out", "/usr/bin/bash" -> must exist; "libc", "libssl", "libc.so.6" ->
// /etc/ld.so.cache, else the usual library directories. The answer is the real file (symlinks resolved).
Result<std::string> resolve_binary_path(std::string_view name);

// Defined STT_FUNC symbols from .symtab and .dynsym, versions stripped ("malloc@@GLIBC_2.2.5" -> "malloc"),
// sorted and unique.
Result<std::vector<std::string>> elf_function_symbols(const std::string& path);

// Entries (soname, path) of a glibc ld.so.cache file ("glibc-ld.so.cache1.1" format) for this machine's
// architecture, in the file's order; empty when the file is missing or in another format.
std::vector<std::pair<std::string, std::string>> read_ld_so_cache(const std::string& cache_path);

}  // namespace gpttrace
