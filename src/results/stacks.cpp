// Stack text to frames, stack-keyed maps to folded stacks.
#include "results/stacks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace gpttrace {
namespace {

bool is_bare_address(std::string_view frame) {
  if (frame.rfind("0x", 0) == 0) frame.remove_prefix(2);
  return !frame.empty() && frame.size() <= 16 &&
         std::all_of(frame.begin(), frame.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

std::string clean_frame(std::string frame) {
  for (char& c : frame) {
    if (c == ';') c = ':';
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return frame;
}

}  // namespace

std::string_view empty_stack_label(bool zh) { return zh ? "[无栈]" : "[no stack]"; }

std::vector<std::string> stack_frames(std::string_view text) {
  std::vector<std::string> frames;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    const size_t b = line.find_first_not_of(" \t\r");
    if (b != std::string_view::npos) {
      line = line.substr(b, line.find_last_not_of(" \t\r") - b + 1);
      std::string frame(line);
      if (is_bare_address(frame))
        frame = "[unknown: " + (frame.rfind("0x", 0) == 0 ? frame : "0x" + frame) + "]";
      frames.push_back(std::move(frame));
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return frames;
}

bool is_stack_key(const ResultsMeaning* meaning, const std::string& map_name, size_t index, std::string_view sample) {
  if (meaning) {
    if (const MapInfo* info = meaning->find(map_name); info && index < info->keys.size()) {
      const Decoder d = info->keys[index].decoder;
      return d == Decoder::KernelStack || d == Decoder::UserStack;
    }
  }
  // Without a meaning: bpftrace prints a stack as indented lines after a newline ("\n    f+1\n").
  return sample.size() > 1 && sample[0] == '\n' && (sample[1] == ' ' || sample[1] == '\t');
}

std::vector<FoldedStack> folded_stacks(const Results& results, const ResultsMeaning* meaning) {
  std::vector<const MapResult*> stack_maps;
  for (const MapResult& m : results.maps) {
    if (m.entries.empty() || m.averages) continue;
    bool stacked = false;
    for (const MapEntry& e : m.entries)
      for (size_t i = 0; i < e.key.size() && !stacked; ++i) stacked = is_stack_key(meaning, m.name, i, e.key[i]);
    if (stacked) stack_maps.push_back(&m);
  }
  const bool zh = meaning && meaning->zh();
  std::vector<FoldedStack> out;
  for (const MapResult* m : stack_maps) {
    for (const MapEntry& e : m->entries) {
      const auto* weight = std::get_if<int64_t>(&e.value);
      if (!weight || *weight <= 0) continue;
      FoldedStack folded;
      folded.weight = static_cast<uint64_t>(*weight);
      if (stack_maps.size() > 1) folded.frames.push_back(m->name);
      std::vector<std::string> stack_part;
      for (size_t i = 0; i < e.key.size(); ++i) {
        if (!is_stack_key(meaning, m->name, i, e.key[i])) {
          folded.frames.push_back(clean_frame(e.key[i]));
          continue;
        }
        std::vector<std::string> frames = stack_frames(e.key[i]);
        if (frames.empty()) frames.emplace_back(empty_stack_label(zh));
        stack_part.insert(stack_part.end(), frames.rbegin(), frames.rend());
      }
      for (std::string& f : stack_part) folded.frames.push_back(clean_frame(std::move(f)));
      out.push_back(std::move(folded));
    }
  }
  return out;
}

std::string folded_text(const std::vector<FoldedStack>& stacks) {
  std::string out;
  for (const FoldedStack& s : stacks) out += fmt::format("{} {}\n", fmt::join(s.frames, ";"), s.weight);
  return out;
}

}  // namespace gpttrace
