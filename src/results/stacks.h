// Stack keys (kstack, ustack) as frames: for the text layout, folded-stack files and flame graphs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "results/meaning.h"
#include "results/results.h"

namespace gpttrace {

// "[no stack]": the label of a stack with no frames (e.g. a kernel stack sampled in user space).
std::string_view empty_stack_label(bool zh);

// Frames of bpftrace's stack text ("\n\tf+1\n\tg+2\n"), innermost first; a bare address (a user stack of
// a process that exited before its symbols were read) becomes "[unknown: 0x7f3a...]".
std::vector<std::string> stack_frames(std::string_view stack_text);

// Whether key position `index` of map `name` holds stacks: by the meaning, else by the text's shape.
bool is_stack_key(const ResultsMeaning* meaning, const std::string& map_name, size_t index,
                  std::string_view sample);

// One stack with its weight, frames from the root (outermost) to the leaf; other key parts (a process
// name) come first, as FlameGraph's stackcollapse scripts put the process at the root.
struct FoldedStack {
  std::vector<std::string> frames;
  uint64_t weight = 0;
};

// Every stack-keyed map with numeric values, folded; maps are prefixed by their name when there are
// several. Empty when nothing is stack-keyed.
std::vector<FoldedStack> folded_stacks(const Results& results, const ResultsMeaning* meaning);

// "root;mid;leaf 42\n" per stack, the format flamegraph.pl, inferno and speedscope read. ';' inside a
// frame becomes ':' and newlines become spaces so that a frame never splits.
std::string folded_text(const std::vector<FoldedStack>& stacks);

}  // namespace gpttrace
