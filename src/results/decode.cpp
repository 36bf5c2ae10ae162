// Decoders for raw kernel values (glibc's errno and signal tables, sysfs for disks, the build's syscall
// table) and their application to map keys and printf listings.
#include "results/decode.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "kernel/syscall_names.h"

namespace gpttrace {
namespace {

std::optional<int64_t> parse_integer(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Block tracepoints report dev_t in the kernel's encoding: 12 bits of major above 20 bits of minor.
constexpr int kMinorBits = 20;

std::optional<std::string> disk_from_proc_partitions(int64_t major, int64_t minor) {
  std::ifstream in("/proc/partitions");
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line);
    int64_t ma = -1, mi = -1, blocks = 0;
    std::string name;
    if (fields >> ma >> mi >> blocks >> name && ma == major && mi == minor) return name;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> errno_name(int64_t value) {
  if (value == 0 || value < -4095 || value > 4095) return std::nullopt;
  const char* name = strerrorname_np(static_cast<int>(value < 0 ? -value : value));
  return name ? std::optional<std::string>(name) : std::nullopt;
}

std::optional<std::string> signal_name(int64_t value) {
  if (value <= 0 || value > SIGRTMAX) return std::nullopt;
  if (const char* abbrev = sigabbrev_np(static_cast<int>(value))) return std::string("SIG") + abbrev;
  if (value >= SIGRTMIN) {
    return value == SIGRTMIN ? std::string("SIGRTMIN") : fmt::format("SIGRTMIN+{}", value - SIGRTMIN);
  }
  return std::nullopt;
}

std::optional<std::string> disk_name(int64_t dev) {
  if (dev <= 0) return std::nullopt;
  static std::mutex mutex;
  static std::map<int64_t, std::string> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = cache.find(dev); it != cache.end()) return it->second;
  const int64_t major = dev >> kMinorBits, minor = dev & ((int64_t{1} << kMinorBits) - 1);
  std::string name = fmt::format("{}:{}", major, minor);
  std::error_code ec;
  const auto target = std::filesystem::read_symlink(fmt::format("/sys/dev/block/{}:{}", major, minor), ec);
  if (!ec && !target.filename().empty()) {
    name = target.filename().string();
  } else if (auto from_proc = disk_from_proc_partitions(major, minor)) {
    name = *from_proc;
  }
  cache.emplace(dev, name);
  return name;
}

std::optional<std::string> decode_value(Decoder decoder, std::string_view raw) {
  const std::optional<int64_t> value = parse_integer(raw);
  if (!value) return std::nullopt;
  switch (decoder) {
    case Decoder::Errno: return errno_name(*value);
    case Decoder::ReturnValue: return *value < 0 ? errno_name(*value) : std::nullopt;
    case Decoder::Signal: return signal_name(*value);
    case Decoder::Disk: return disk_name(*value);
    case Decoder::Syscall: {
      auto name = syscall_name(*value);
      return name ? std::optional<std::string>(std::string(*name)) : std::nullopt;
    }
    default: return std::nullopt;
  }
}

namespace {

// Decodes `key` in place per the map's columns; returns whether any part changed.
bool decode_key(std::vector<std::string>& key, std::vector<std::string>& raw_key, const MapInfo& info) {
  bool changed = false;
  std::vector<std::string> raw = key;
  for (size_t i = 0; i < key.size() && i < info.keys.size(); ++i) {
    auto decoded = decode_value(info.keys[i].decoder, key[i]);
    if (!decoded) continue;
    key[i] = std::move(*decoded);
    changed = true;
  }
  if (changed) raw_key = std::move(raw);
  return changed;
}

}  // namespace

void decode_results(Results& results, const ResultsMeaning& meaning) {
  for (MapResult& map : results.maps)
    if (const MapInfo* info = meaning.find(map.name))
      for (MapEntry& e : map.entries) decode_key(e.key, e.raw_key, *info);
  for (HistResult& hist : results.hists)
    if (const MapInfo* info = meaning.find(hist.name))
      for (Histogram& h : hist.hists) decode_key(h.key, h.raw_key, *info);
  for (StatsResult& stats : results.stats)
    if (const MapInfo* info = meaning.find(stats.name))
      for (Stats& s : stats.stats) decode_key(s.key, s.raw_key, *info);
}

namespace {

Decoder decoder_for_header(std::string_view header) {
  if (header == "RET" || header == "RESULT") return Decoder::ReturnValue;
  if (header == "ERR" || header == "ERRNO" || header == "ERROR") return Decoder::Errno;
  if (header == "SIG" || header == "SIGNAL") return Decoder::Signal;
  if (header == "SYSCALL_ID" || header == "SYSCALL" || header == "SYSCALL_NR") return Decoder::Syscall;
  if (header == "DEV" || header == "DISK") return Decoder::Disk;
  return Decoder::None;
}

struct Token {
  size_t start, length;
};

std::vector<Token> tokens_of(std::string_view line) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    out.push_back({start, i - start});
  }
  return out;
}

bool is_header_word(std::string_view word) {
  bool letter = false;
  for (const char c : word) {
    if (std::isupper(static_cast<unsigned char>(c))) letter = true;
    else if (!std::isdigit(static_cast<unsigned char>(c)) && c != '_' && c != '(' && c != ')' && c != '/' && c != '%')
      return false;
  }
  return letter;
}

}  // namespace

std::string ListingDecoder::decode(std::string_view line) {
  if (first_) {
    first_ = false;
    const auto tokens = tokens_of(line);
    bool header = tokens.size() >= 2;
    for (const Token& t : tokens) header = header && is_header_word(line.substr(t.start, t.length));
    if (header) {
      header_seen_ = true;
      std::string shown(line);
      for (const Token& t : tokens) {
        columns_.emplace_back(line.substr(t.start, t.length));
        decoders_.push_back(decoder_for_header(columns_.back()));
      }
      // Syscall ids are shown by name below, so their column says so.
      if (const size_t at = shown.find("SYSCALL_ID"); at != std::string::npos) shown.replace(at, 10, "SYSCALL   ");
      shown.erase(shown.find_last_not_of(' ') + 1);
      return shown;
    }
  }
  if (!header_seen_) return std::string(line);
  const auto tokens = tokens_of(line);
  const bool free_text_tail = !columns_.empty() && (columns_.back() == "ARGS" || columns_.back() == "COMMAND");
  const bool columns_known = tokens.size() == columns_.size() || (free_text_tail && tokens.size() >= columns_.size());
  if (!columns_known) return std::string(line);
  std::string out;
  size_t copied = 0;
  const size_t decodable = free_text_tail ? columns_.size() - 1 : columns_.size();
  for (size_t i = 0; i < decodable; ++i) {
    if (decoders_[i] == Decoder::None) continue;
    const std::string_view raw = line.substr(tokens[i].start, tokens[i].length);
    auto name = decode_value(decoders_[i], raw);
    if (!name) continue;
    out.append(line.substr(copied, tokens[i].start - copied));
    out += *name;
    copied = tokens[i].start + tokens[i].length;
  }
  out.append(line.substr(copied));
  return out;
}

}  // namespace gpttrace
