// Parses Chat Completions answers: a whole JSON body, or an SSE stream fed piece by piece.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "common/error.h"
#include "llm/chat.h"

namespace gpttrace {

// A non-streamed answer: choices[0].message.{content,tool_calls}, finish_reason, usage.
// Fails (one line) on malformed JSON, an "error" object, or no choices.
Result<ChatReply> parse_completion_body(std::string_view body);

// An SSE answer ("data: {chunk}\n\n" ... "data: [DONE]"): deltas of content and of tool-call arguments
// (by index) are concatenated. Never throws on malformed input; the first problem is kept for finish().
class StreamAccumulator {
 public:
  // Returns false once the stream is known bad (malformed chunk, error object); feeding may stop then.
  bool feed(std::string_view bytes);
  // The reply, or why the stream is unusable: a malformed chunk, an error, or a cut (the stream ended
  // with neither [DONE] nor a finish_reason).
  Result<ChatReply> finish();

 private:
  bool handle_line(std::string_view line);

  std::string pending_;  // bytes after the last newline
  ChatReply reply_;
  std::map<long, ToolCall> calls_;  // by delta index
  bool done_ = false;
  bool saw_chunk_ = false;
  std::string problem_;
};

}  // namespace gpttrace
