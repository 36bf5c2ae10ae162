// Interactive SVG flame graphs from folded stacks: hover shows the frame and its share, click zooms,
// "Search" highlights matching frames; a small script embedded in the SVG, no network.
#pragma once

#include <string>
#include <vector>

#include "results/stacks.h"

namespace gpttrace {

struct FlameGraphOptions {
  std::string title = "Flame graph";
  std::string subtitle;           // e.g. the request or the program's first line
  std::string id = "flamegraph";  // element id prefix: several graphs can share one HTML page
  int width = 1200;
  bool standalone = true;         // a whole .svg file (XML declaration); false: an element to inline in HTML
};

// Root at the bottom, leaves on top, siblings sorted by name (as flamegraph.pl does), widths by weight.
// Frames narrower than 0.1 px are left out (their weight stays in their parent).
std::string flamegraph_svg(const std::vector<FoldedStack>& stacks, const FlameGraphOptions& options);

// Text escaped for XML and HTML (&, <, >, "), control bytes dropped; line breaks kept when asked (HTML).
std::string markup_escape(std::string_view text, bool keep_newlines = false);

}  // namespace gpttrace
