// The example corpus: bpftrace programs in knowledge/examples/*.bt, each with a header of descriptions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace gpttrace {

// One example program. Its header is a block of `// key: value` lines at the top of the file:
//   // title: Files opened, with process and path
//   // en: English description (may repeat; lines are joined)
//   // zh: 中文描述 (may repeat)
//   // tags: file, open, openat
//   // requires: kprobe          (optional: probe types beyond tracepoint/uprobe/profile/...)
// The program is everything after the header, written for bpftrace 0.17 (args->, kfunc).
struct Example {
  std::string id;      // file name without .bt: "file_opens"
  std::string title;
  std::string en;
  std::string zh;
  std::vector<std::string> tags;
  std::vector<std::string> needs;  // from `requires:` — "kprobe", "kfunc", ... (empty: runs on any kernel with tracefs)
  std::string source;  // the program without its header, in the 0.17 dialect
};

// Parses one example file's text; fails when the title, en or zh line or the program is missing.
Result<Example> parse_example(std::string_view id, std::string_view text);

// Loads every *.bt in `dir`, sorted by id; fails on the first malformed file (its name in the message).
Result<std::vector<Example>> load_examples(const std::string& dir);

// The corpus directory: $GPTTRACE_KNOWLEDGE_DIR/examples, else the source tree's, else the installed one.
std::string examples_dir();

}  // namespace gpttrace
