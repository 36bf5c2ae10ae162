// Finds uprobe targets (executables in PATH, libraries through ld.so.cache) and reads their ELF symbols.
#include "kernel/elf_files.h"

#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "common/names.h"
#include "sys/process.h"

namespace gpttrace {

namespace {

namespace fs = std::filesystem;

// Where libraries live when ld.so.cache does not name them (Debian multiarch first).
constexpr const char* kLibraryDirs[] = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
                                        "/usr/lib", "/lib"};

std::string real_path(const std::string& path) {
  std::error_code ec;
  fs::path canonical = fs::canonical(path, ec);
  return ec ? path : canonical.string();
}

bool is_elf_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[SELFMAG] = {};
  return in.read(magic, SELFMAG) && std::memcmp(magic, ELFMAG, SELFMAG) == 0;
}

// How well a library file name answers `name`: 0 exact ("libc.so.6"), 1 versioned soname of a bare name
// ("libc" -> "libc.so.6"), 2 unversioned ("libc" -> "libc.so", often a linker script); -1 no match.
int library_rank(std::string_view soname, std::string_view name) {
  if (soname == name) return 0;
  if (name.find(".so") != std::string_view::npos) return -1;
  if (!soname.starts_with(name) || !soname.substr(name.size()).starts_with(".so")) return -1;
  return soname.size() == name.size() + 3 ? 2 : 1;
}

std::optional<std::string> find_library(std::string_view name) {
  struct Candidate {
    int rank;
    std::string path;
  };
  std::vector<Candidate> candidates;
  for (const auto& [soname, path] : read_ld_so_cache("/etc/ld.so.cache")) {
    int rank = library_rank(soname, name);
    if (rank >= 0) candidates.push_back({rank, path});
  }
  for (const char* dir : kLibraryDirs) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      int rank = library_rank(entry.path().filename().string(), name);
      // Directory finds come after ld.so.cache finds of the same rank (stable sort below).
      if (rank >= 0) candidates.push_back({rank, entry.path().string()});
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.rank < b.rank; });
  for (const Candidate& c : candidates) {
    std::string real = real_path(c.path);
    if (is_elf_file(real)) return real;  // skips linker scripts such as libc.so
  }
  return std::nullopt;
}

// Names a user may have meant: executables in PATH and library sonames. Only built for error messages.
std::vector<std::string> known_binary_names() {
  std::vector<std::string> names;
  const char* env = std::getenv("PATH");
  std::string_view path = env ? env : "/usr/local/bin:/usr/bin:/bin";
  while (!path.empty()) {
    size_t colon = path.find(':');
    std::string dir(path.substr(0, colon));
    path = colon == std::string_view::npos ? std::string_view{} : path.substr(colon + 1);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir.empty() ? "." : dir, ec))
      names.push_back(entry.path().filename().string());
  }
  for (const auto& [soname, file] : read_ld_so_cache("/etc/ld.so.cache")) names.push_back(soname);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

template <typename T>
bool read_at(const std::string& data, size_t offset, T& out) {
  if (offset + sizeof(T) > data.size()) return false;
  std::memcpy(&out, data.data() + offset, sizeof(T));
  return true;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> read_ld_so_cache(const std::string& cache_path) {
  // glibc's dl-cache.h: a 20-byte magic "glibc-ld.so.cache1.1", uint32 nlibs, uint32 len_strings,
  // uint8 flags, 3 pad bytes, uint32 extension_offset, uint32 unused[3]; then nlibs entries of
  // {int32 flags, uint32 key, uint32 value, uint32 osversion, uint64 hwcap}; key and value are offsets
  // of NUL-terminated strings from the start of the file.
  constexpr std::string_view kMagic = "glibc-ld.so.cache1.1";
  constexpr size_t kHeaderSize = 48, kEntrySize = 24;
  constexpr int32_t kArchMask = 0xff00, kX8664Lib64 = 0x0300;
  std::ifstream in(cache_path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::pair<std::string, std::string>> entries;
  if (data.size() < kHeaderSize || std::string_view(data).substr(0, kMagic.size()) != kMagic) return entries;
  uint32_t nlibs = 0;
  read_at(data, 20, nlibs);
  struct utsname uts {};
  ::uname(&uts);
  const bool x86_64 = std::strcmp(uts.machine, "x86_64") == 0;
  auto string_at = [&](uint32_t offset) -> std::optional<std::string> {
    if (offset >= data.size()) return std::nullopt;
    size_t end = data.find('\0', offset);
    if (end == std::string::npos) return std::nullopt;
    return data.substr(offset, end - offset);
  };
  for (uint32_t i = 0; i < nlibs; ++i) {
    size_t at = kHeaderSize + i * kEntrySize;
    int32_t flags = 0;
    uint32_t key = 0, value = 0;
    if (!read_at(data, at, flags) || !read_at(data, at + 4, key) || !read_at(data, at + 8, value)) break;
    if (x86_64 && (flags & kArchMask) != kX8664Lib64) continue;  // i386 or x32 libraries
    auto soname = string_at(key), path = string_at(value);
    if (soname && path) entries.emplace_back(std::move(*soname), std::move(*path));
  }
  return entries;
}

Result<std::string> resolve_binary_path(std::string_view name) {
  if (name.empty()) return fail("empty binary name", "name a program (bash) or a library (libc)");
  const std::string text(name);
  if (text.find('/') != std::string::npos) {
    struct stat st {};
    if (::stat(text.c_str(), &st) != 0) {
      int err = errno;
      return fail(fmt::format("no such binary '{}': {}", text, std::strerror(err)),
                  "check the path, or give a program name to look up in PATH", err);
    }
    if (!S_ISREG(st.st_mode))
      return fail(fmt::format("'{}' is not a regular file", text), "give an executable or a library");
    return real_path(text);
  }
  if (auto exe = find_executable(text)) return real_path(*exe);
  if (auto lib = find_library(name)) return *lib;
  std::vector<std::string> close = closest_names(name, known_binary_names());
  std::string message = fmt::format("no such binary '{}' in PATH or among the shared libraries", text);
  if (!close.empty()) message += fmt::format(" — did you mean {}?", join_alternatives(close));
  return fail(message, "give the full path of the executable or library", ENOENT);
}

Result<std::vector<std::string>> elf_function_symbols(const std::string& path) {
  if (elf_version(EV_CURRENT) == EV_NONE) return fail("libelf is too old for this program");
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    return fail(fmt::format("cannot open '{}': {}", path, std::strerror(err)), "check the path", err);
  }
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  if (!elf || elf_kind(elf) != ELF_K_ELF) {
    if (elf) elf_end(elf);
    ::close(fd);
    return fail(fmt::format("'{}' is not an ELF file", path), "give an executable or a shared library");
  }
  std::vector<std::string> symbols;
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(scn, &shdr) || (shdr.sh_type != SHT_SYMTAB && shdr.sh_type != SHT_DYNSYM)) continue;
    if (shdr.sh_entsize == 0) continue;
    Elf_Data* data = elf_getdata(scn, nullptr);
    if (!data) continue;
    const size_t count = shdr.sh_size / shdr.sh_entsize;
    for (size_t i = 0; i < count; ++i) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym)) continue;
      if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx == SHN_UNDEF) continue;
      const char* raw = elf_strptr(elf, shdr.sh_link, sym.st_name);
      if (!raw || !*raw) continue;
      std::string_view sym_name(raw);
      sym_name = sym_name.substr(0, sym_name.find('@'));
      if (!sym_name.empty()) symbols.emplace_back(sym_name);
    }
  }
  elf_end(elf);
  ::close(fd);
  std::sort(symbols.begin(), symbols.end());
  symbols.erase(std::unique(symbols.begin(), symbols.end()), symbols.end());
  return symbols;
}

}  // namespace gpttrace
