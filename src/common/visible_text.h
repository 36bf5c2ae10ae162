// Text from outside (a model's program or prose, a provider's error body, a program file) made safe to
// show on a terminal: control characters become visible escapes, so none can move the cursor or erase.
#pragma once

#include <string>
#include <string_view>

namespace gpttrace {

// C0 controls (but tab, and newline when keep_newlines), DEL and the C1 controls U+0080..U+009F become
// "\r", "\e", "\x07", "\u009b"-style escapes; everything else, UTF-8 included, is kept as it is.
std::string visible_controls(std::string_view text, bool keep_newlines = true);

}  // namespace gpttrace
