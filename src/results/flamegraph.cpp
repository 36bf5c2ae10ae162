// flamegraph_svg: folded stacks -> a tree -> positioned frames -> SVG with an embedded script.
#include "results/flamegraph.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

#include "results/render.h"

namespace gpttrace {
namespace {

constexpr int kFrameHeight = 16;
constexpr int kTop = 56;      // title, subtitle, controls
constexpr int kBottom = 28;   // details line
constexpr int kPad = 10;      // left and right margins

struct Node {
  uint64_t value = 0;
  std::map<std::string, std::unique_ptr<Node>> children;  // sorted by name, as flamegraph.pl does
};


// flamegraph.pl's "hot" palette, from a hash of the name so a function keeps its color across graphs.
std::string color_of(std::string_view name) {
  uint32_t h = 2166136261u;
  for (const char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  const double a = (h & 0xff) / 255.0, b = ((h >> 8) & 0xff) / 255.0, c = ((h >> 16) & 0xff) / 255.0;
  return fmt::format("rgb({},{},{})", 205 + static_cast<int>(50 * a), static_cast<int>(230 * b),
                     static_cast<int>(55 * c));
}

// The label that fits `px` pixels at about 7 px per character ("" when not even 3 fit).
std::string fitted(const std::string& name, double px) {
  const auto chars = static_cast<size_t>(std::max(0.0, (px - 6) / 7));
  if (chars < 3) return "";
  if (name.size() <= chars) return name;
  size_t cut = chars - 2;
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return name.substr(0, cut) + "..";
}

int depth_of(const Node& n) {
  int d = 0;
  for (const auto& [name, child] : n.children) d = std::max(d, 1 + depth_of(*child));
  return d;
}

struct Emitter {
  std::string& out;
  uint64_t total;
  double usable;  // pixels for the whole width
  int height;

  void frame(const std::string& name, const Node& n, uint64_t x, int depth) {
    const double fx = static_cast<double>(x) / total, fw = static_cast<double>(n.value) / total;
    const double px = fw * usable;
    if (px < 0.1) return;
    const double left = kPad + fx * usable;
    const int y = height - kBottom - (depth + 1) * kFrameHeight;
    const std::string& label = name;
    out += fmt::format(
        "<g class=\"fr\" data-x=\"{:.9f}\" data-w=\"{:.9f}\" data-d=\"{}\" data-n=\"{}\"><title>{} ({} {}, {:.2f}%)"
        "</title><rect x=\"{:.2f}\" y=\"{}\" width=\"{:.2f}\" height=\"{}\" rx=\"2\" fill=\"{}\"/>"
        "<text x=\"{:.2f}\" y=\"{}\">{}</text></g>\n",
        fx, fw, depth, markup_escape(label), markup_escape(label), human_count(static_cast<int64_t>(n.value)),
        n.value == 1 ? "sample" : "samples", 100.0 * fw, left, y, std::max(0.0, px - 1), kFrameHeight - 1,
        color_of(name), left + 3, y + kFrameHeight - 4, markup_escape(fitted(label, px)));
    uint64_t child_x = x;
    for (const auto& [child_name, child] : n.children) {
      frame(child_name, *child, child_x, depth + 1);
      child_x += child->value;
    }
  }
};

// The script: zoom on click (ancestors stretch, others hide), reset, search by regular expression with
// the matched share, details of the frame under the pointer. Marks the SVG data-ready="1" when set up.
constexpr std::string_view kScript = R"JS(
(function () {
  var svg = document.getElementById("@ID@");
  var W = +svg.getAttribute("data-width"), PAD = @PAD@, U = W - 2 * PAD;
  var frames = Array.prototype.slice.call(svg.querySelectorAll("g.fr"));
  var details = svg.querySelector(".details"), unzoom = svg.querySelector(".unzoom");
  var matched = svg.querySelector(".matched");
  function fit(g, x, w) {
    var r = g.querySelector("rect"), t = g.querySelector("text"), name = g.getAttribute("data-n");
    r.setAttribute("x", PAD + x * U);
    r.setAttribute("width", Math.max(0, w * U - 1));
    t.setAttribute("x", PAD + x * U + 3);
    var chars = Math.floor((w * U - 6) / 7);
    t.textContent = chars < 3 ? "" : (name.length <= chars ? name : name.slice(0, chars - 2) + "..");
  }
  function zoom(g) {
    var x0 = +g.getAttribute("data-x"), w0 = +g.getAttribute("data-w"), d0 = +g.getAttribute("data-d");
    var eps = 1e-9;
    frames.forEach(function (f) {
      var x = +f.getAttribute("data-x"), w = +f.getAttribute("data-w"), d = +f.getAttribute("data-d");
      var ancestor = d < d0 && x <= x0 + eps && x + w >= x0 + w0 - eps;
      var inside = d >= d0 && x >= x0 - eps && x + w <= x0 + w0 + eps;
      f.style.display = ancestor || inside ? "" : "none";
      f.setAttribute("opacity", ancestor ? "0.6" : "1");
      if (ancestor) fit(f, 0, 1);
      else if (inside) fit(f, (x - x0) / w0, w / w0);
    });
    unzoom.style.display = "";
  }
  function reset() {
    frames.forEach(function (f) {
      f.style.display = "";
      f.setAttribute("opacity", "1");
      fit(f, +f.getAttribute("data-x"), +f.getAttribute("data-w"));
    });
    unzoom.style.display = "none";
  }
  function search(term) {
    var re = null;
    if (term) { try { re = new RegExp(term); } catch (e) { re = null; } }
    var spans = [];
    frames.forEach(function (f) {
      var r = f.querySelector("rect");
      if (!r.hasAttribute("data-fill")) r.setAttribute("data-fill", r.getAttribute("fill"));
      var hit = re !== null && re.test(f.getAttribute("data-n"));
      r.setAttribute("fill", hit ? "rgb(230,0,230)" : r.getAttribute("data-fill"));
      if (hit) spans.push([+f.getAttribute("data-x"), +f.getAttribute("data-x") + +f.getAttribute("data-w")]);
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var share = 0, end = -1;
    spans.forEach(function (s) {
      if (s[0] >= end) { share += s[1] - s[0]; end = s[1]; }
      else if (s[1] > end) { share += s[1] - end; end = s[1]; }
    });
    matched.textContent = re === null ? "" : "Matched: " + (100 * share).toFixed(1) + "%";
    return share;
  }
  frames.forEach(function (f) {
    f.addEventListener("click", function () { zoom(f); });
    f.addEventListener("mouseover", function () { details.textContent = f.querySelector("title").textContent; });
    f.addEventListener("mouseout", function () { details.textContent = " "; });
  });
  unzoom.addEventListener("click", reset);
  svg.querySelector(".search").addEventListener("click", function () {
    search(window.prompt("Search frames (regular expression)", ""));
  });
  svg.fgSearch = search;
  svg.fgZoom = zoom;
  svg.setAttribute("data-ready", "1");
})();
)JS";

std::string script_for(const std::string& id) {
  std::string s(kScript);
  for (auto [key, value] : {std::pair<std::string, std::string>{"@ID@", id}, {"@PAD@", std::to_string(kPad)}})
    for (size_t at; (at = s.find(key)) != std::string::npos;) s.replace(at, key.size(), value);
  return s;
}

}  // namespace

std::string flamegraph_svg(const std::vector<FoldedStack>& stacks, const FlameGraphOptions& options) {
  Node root;
  for (const FoldedStack& s : stacks) {
    root.value += s.weight;
    Node* at = &root;
    for (const std::string& frame : s.frames) {
      auto& child = at->children[frame];
      if (!child) child = std::make_unique<Node>();
      child->value += s.weight;
      at = child.get();
    }
  }
  const int depth = depth_of(root) + 1;
  const int height = kTop + depth * kFrameHeight + kBottom;
  const int width = options.width;
  std::string out;
  if (options.standalone) out += "<?xml version=\"1.0\" standalone=\"no\"?>\n";
  out += fmt::format(
      "<svg id=\"{0}\" class=\"flamegraph\" version=\"1.1\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\" "
      "data-width=\"{1}\" xmlns=\"http://www.w3.org/2000/svg\"{9}>\n"
      "<style>#{0} text {{ font-family: Verdana, sans-serif; font-size: 12px; fill: #000; }}\n"
      "#{0} g.fr {{ cursor: pointer; }} #{0} g.fr:hover rect {{ stroke: #000; stroke-width: 0.5; }}\n"
      "#{0} .title {{ font-size: 17px; text-anchor: middle; }} #{0} .sub {{ fill: #555; text-anchor: middle; }}\n"
      "#{0} .button {{ cursor: pointer; fill: #1a5fb4; }}</style>\n"
      "<rect x=\"0\" y=\"0\" width=\"{1}\" height=\"{2}\" fill=\"#f8f4ec\"/>\n"
      "<text class=\"title\" x=\"{3}\" y=\"22\">{4}</text>\n<text class=\"sub\" x=\"{3}\" y=\"40\">{5}</text>\n"
      "<text class=\"button unzoom\" x=\"{6}\" y=\"22\" style=\"display:none\">Reset zoom</text>\n"
      "<text class=\"button search\" x=\"{7}\" y=\"22\" text-anchor=\"end\">Search</text>\n"
      "<text class=\"matched\" x=\"{7}\" y=\"{8}\" text-anchor=\"end\"></text>\n"
      "<text class=\"details\" x=\"{6}\" y=\"{8}\"> </text>\n",
      options.id, width, height, width / 2, markup_escape(options.title), markup_escape(options.subtitle), kPad,
      width - kPad, height - 10, options.standalone ? "" : " style=\"width:100%;height:auto\"");
  if (root.value == 0) {
    out += fmt::format("<text x=\"{}\" y=\"{}\">no stacks with samples</text>\n", kPad, kTop + kFrameHeight);
  } else {
    Emitter emit{out, root.value, static_cast<double>(width - 2 * kPad), height};
    emit.frame("all", root, 0, 0);
  }
  out += "<script type=\"text/ecmascript\"><![CDATA[" + script_for(options.id) + "]]></script>\n</svg>\n";
  return out;
}

std::string markup_escape(std::string_view text, bool keep_newlines) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        // Control bytes are not allowed in XML 1.0; HTML text may keep its line breaks.
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || (keep_newlines && c == '\n')) out += c;
    }
  }
  return out;
}

}  // namespace gpttrace
