// Raw kernel encodings to names: errno, signals, dev_t disks, syscall numbers; in maps and in listings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "results/meaning.h"
#include "results/results.h"

namespace gpttrace {

// 2 or -2 -> "ENOENT" (glibc's own table); nullopt for 0 and numbers glibc does not know.
std::optional<std::string> errno_name(int64_t value);
// 15 -> "SIGTERM", 34 -> "SIGRTMIN" (glibc's own table); nullopt for numbers outside 1..SIGRTMAX.
std::optional<std::string> signal_name(int64_t value);
// A kernel dev_t (major << 20 | minor, as block tracepoints report it) -> "vda" from /sys/dev/block or
// /proc/partitions, else "254:0".
std::optional<std::string> disk_name(int64_t dev);

// The decoded text of one raw value, or nullopt when the decoder does not apply (not a number, unknown,
// a non-negative return value).
std::optional<std::string> decode_value(Decoder decoder, std::string_view raw);

// Replaces decodable key parts of every map, histogram and stats entry by their names, keeping the raw
// parts in raw_key. Stacks are left as they are (renderers lay them out).
void decode_results(Results& results, const ResultsMeaning& meaning);

// Decodes printf listings whose first line is a header of upper-case column names (as generated listings
// and most bpftrace tools print): RET/RESULT/ERR -> errno names for negative values, SIG/SIGNAL ->
// SIGTERM, SYSCALL_ID/SYSCALL -> syscall names, DEV -> disk names. Lines whose columns cannot be told
// apart (more fields than headers, except a trailing free-text column) are left unchanged.
class ListingDecoder {
 public:
  // Returns the line to show. The header line is returned unchanged (SYSCALL_ID becomes SYSCALL).
  std::string decode(std::string_view line);
  // Whether the listing began with a header line (it is not an event).
  bool has_header() const { return header_seen_; }
  const std::vector<std::string>& columns() const { return columns_; }

 private:
  bool first_ = true;
  bool header_seen_ = false;
  std::vector<std::string> columns_;
  std::vector<Decoder> decoders_;
};

}  // namespace gpttrace
