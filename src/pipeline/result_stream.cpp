// Passes bpftrace's JSON output on as it arrives (listings decoded, per-second tables in a stable row
// order) and keeps the final results with the per-second snapshots.
#include "pipeline/result_stream.h"

#include <algorithm>
#include <variant>
#include <nlohmann/json.hpp>

#include "results/render.h"

namespace gpttrace {

namespace {

// The map name of a map/hist/stats dump line: the first key of "data".
std::string dump_name(std::string_view line) {
  nlohmann::json doc = nlohmann::json::parse(line, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("data") || !doc["data"].is_object() ||
      doc["data"].empty()) {
    return {};
  }
  return doc["data"].begin().key();
}

// A copy of `results` with only the maps, hists and stats accepted by `keep`, and no events.
template <typename Keep>
Results select(const Results& results, Keep keep) {
  Results out;
  for (const MapResult& m : results.maps)
    if (keep(m.name)) out.maps.push_back(m);
  for (const HistResult& h : results.hists)
    if (keep(h.name)) out.hists.push_back(h);
  for (const StatsResult& s : results.stats)
    if (keep(s.name)) out.stats.push_back(s);
  return out;
}

// True when a map, histogram or stats result holds anything but zeros (a cleared map dumps as 0).
bool has_data(const Results& one) {
  for (const MapResult& m : one.maps)
    for (const MapEntry& e : m.entries)
      if (!std::holds_alternative<int64_t>(e.value) || std::get<int64_t>(e.value) != 0) return true;
  for (const HistResult& h : one.hists)
    for (const Histogram& hist : h.hists)
      for (const HistBucket& b : hist.buckets)
        if (b.count != 0) return true;
  for (const StatsResult& s : one.stats)
    for (const Stats& st : s.stats)
      if (st.count != 0) return true;
  return false;
}

bool is_clock_time(std::string_view line) {
  const bool chars_ok = std::all_of(line.begin(), line.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ':' || c == '-' || c == ' ' || c == '.' || c == '/';
  });
  return chars_ok && line.find(':') != std::string_view::npos;
}

}  // namespace

void ResultStream::feed(std::string_view line) {
  if (line.find_first_not_of(" \t\r\n") == std::string_view::npos) exit_dump_ = true;
  new_events_.clear();
  LineKind kind = parser_.feed(line, &new_events_);
  if (kind == LineKind::Invalid && plain_stdout_.size() < 20 && !line.empty()) plain_stdout_.emplace_back(line);
  take_events();
  bool dump = kind == LineKind::Map || kind == LineKind::Hist || kind == LineKind::Stats;
  if (dump && exit_dump_) dumped_at_exit_.insert(dump_name(line));
  if (dump && !exit_dump_ && live_.dump) stream_dump(line);
}

void ResultStream::finish() {
  new_events_.clear();
  parser_.finish(&new_events_);
  take_events();
}

Results ResultStream::final_results() {
  Results all = parser_.take();
  // A map shown live (print() in an interval) is repeated at the end only when the exit dump adds data;
  // rate programs clear it in END, and its zero dump would read as "nothing happened".
  Results shown = select(all, [&](const std::string& name) {
    if (!streamed_.count(name)) return true;
    return dumped_at_exit_.count(name) && has_data(select(all, [&](const std::string& n) { return n == name; }));
  });
  all.maps = std::move(shown.maps);
  all.hists = std::move(shown.hists);
  all.stats = std::move(shown.stats);
  if (decoded_events_.size() == all.events.size() && decoded_events_ != all.events) {
    all.raw_events = std::move(all.events);
    all.events = decoded_events_;
  }
  all.snapshots = std::move(snapshots_);
  all.framing_lines = time_lines_ + (listing_.has_header() ? 1 : 0);
  return all;
}

void ResultStream::take_events() {
  if (new_events_.empty()) return;
  events_since_dump_ += new_events_.size();
  const size_t first = decoded_events_.size();
  for (const std::string& event : new_events_) decoded_events_.push_back(listing_.decode(event));
  if (live_.events) {
    live_.events(std::vector<std::string>(decoded_events_.begin() + static_cast<std::ptrdiff_t>(first),
                                          decoded_events_.end()));
  }
}

void ResultStream::stream_dump(std::string_view line) {
  std::string name = dump_name(line);
  if (name.empty()) return;
  streamed_.insert(name);
  Results one = select(parser_.results(), [&](const std::string& n) { return n == name; });
  decode_results(one, meaning_);
  // The line printed just before a per-second dump, when it is a clock time (time("%H:%M:%S")), is its
  // time stamp, not an event.
  std::string time;
  if (events_since_dump_ > 0 && !decoded_events_.empty() && is_clock_time(decoded_events_.back())) {
    time = decoded_events_.back();
    ++time_lines_;
  }
  events_since_dump_ = 0;
  for (MapResult& m : one.maps) {
    keep_row_order(m, row_order_[m.name]);
    snapshots_.push_back({time, m});
  }
  live_.dump(one, meaning_);
}

}  // namespace gpttrace
