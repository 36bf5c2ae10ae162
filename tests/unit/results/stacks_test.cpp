// Stacks from real captured profiles: frames, empty and unresolved stacks, the text layout, folded stacks,
// the flame graph, JSON frames and the report page.
#include <gtest/gtest.h>

#include "fixture.h"
#include "results/flamegraph.h"
#include "results/render.h"
#include "results/report_html.h"
#include "results/stacks.h"

namespace gpttrace {
namespace {

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Every lead byte is followed by the continuation bytes it announces.
bool valid_utf8(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > text.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

TEST(Stacks, FramesInnermostFirstAndLabels) {
  EXPECT_EQ(stack_frames("\n    do_syscall_64+70\n    entry_SYSCALL_64_after_hwframe+118\n"),
            (std::vector<std::string>{"do_syscall_64+70", "entry_SYSCALL_64_after_hwframe+118"}));
  EXPECT_EQ(stack_frames("\n    0x55bc2c5798e9\n"), (std::vector<std::string>{"[unknown: 0x55bc2c5798e9]"}));
  EXPECT_TRUE(stack_frames("").empty());
}

TEST(Stacks, TextLayoutPutsFramesUnderTheirCount) {
  const Results r = testing::parse_fixture("profile_comm_kstack");
  const auto meaning = meaning_from_program("profile:hz:99 { @[comm, kstack] = count(); }");
  RenderOptions options;
  options.meaning = &meaning;
  const std::string text = render_text(r, options);
  EXPECT_EQ(text.find("\\x0a"), std::string::npos) << text;
  // The larger stack (2 samples) first, its frames one per line, innermost first, indented under it.
  EXPECT_NE(text.find("@ (2 kernel stacks, innermost frame first): count, %, process\n  2   66.7%  evwk_syscalls\n      do_syscall_64+70\n      entry_SYSCALL_64_after_hwframe+118\n"),
            std::string::npos)
      << text;
}

TEST(Stacks, EmptyAndUnresolvedStacksAreLabelled) {
  const auto kmeaning = meaning_from_program("profile:hz:99 { @[kstack] = count(); }");
  RenderOptions options;
  options.meaning = &kmeaning;
  EXPECT_NE(render_text(testing::parse_fixture("kstack_empty"), options).find("      [no stack]\n"), std::string::npos);
  const auto umeaning = meaning_from_program("profile:hz:99 { @[ustack] = count(); }");
  options.meaning = &umeaning;
  const std::string user = render_text(testing::parse_fixture("ustack_exited"), options);
  EXPECT_NE(user.find("      [unknown: 0x55bc2c5798ed]\n"), std::string::npos) << user;
  // Without a meaning the shape of the key still tells a stack.
  EXPECT_NE(render_text(testing::parse_fixture("ustack_exited")).find("      [unknown: 0x"), std::string::npos);
}

TEST(Stacks, FoldedRootFirstWithTheProcessAtTheRoot) {
  const Results r = testing::parse_fixture("profile_comm_kstack");
  const auto meaning = meaning_from_program("profile:hz:99 { @[comm, kstack] = count(); }");
  std::string folded = folded_text(folded_stacks(r, &meaning));
  EXPECT_NE(folded.find("evwk_syscalls;entry_SYSCALL_64_after_hwframe+118;do_syscall_64+70 2\n"), std::string::npos)
      << folded;
  EXPECT_NE(folded.find("evwk_syscalls;entry_SYSCALL_64_after_hwframe+118;do_syscall_64+506;syscall_trace_enter+384;"
                        "perf_trace_sys_enter+246;perf_trace_run_bpf_submit+100 1\n"),
            std::string::npos)
      << folded;
  EXPECT_EQ(folded_text(folded_stacks(testing::parse_fixture("kstack_empty"), nullptr)), "");  // "" is no stack shape
  const auto kmeaning = meaning_from_program("profile:hz:99 { @[kstack] = count(); }");
  EXPECT_EQ(folded_text(folded_stacks(testing::parse_fixture("kstack_empty"), &kmeaning)), "[no stack] 103\n");
}

TEST(FlameGraph, OneFramePerTreeNodeWithShares) {
  const std::vector<FoldedStack> stacks = {{{"a", "b", "c"}, 3}, {{"a", "b"}, 1}, {{"a", "<d&>"}, 4}};
  FlameGraphOptions options;
  options.id = "fgtest";
  const std::string svg = flamegraph_svg(stacks, options);
  EXPECT_EQ(count_of(svg, "<g class=\"fr\""), 5u);  // all, a, b, c, <d&>
  EXPECT_NE(svg.find("<title>a (8 samples, 100.00%)</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>c (3 samples, 37.50%)</title>"), std::string::npos);
  EXPECT_NE(svg.find("data-n=\"&lt;d&amp;&gt;\""), std::string::npos);
  EXPECT_NE(svg.find("getElementById(\"fgtest\")"), std::string::npos);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  // Labels cut to the frame's width never split a UTF-8 character (the SVG must stay valid XML): 153 px fit
  // 21 bytes, cut at 19, which is inside the 7th character.
  const std::string wide = flamegraph_svg({{{"进程名字很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长"}, 13},
                                           {{"x"}, 87}},
                                          options);
  EXPECT_NE(wide.find("进程名字很长.."), std::string::npos);
  EXPECT_TRUE(valid_utf8(wide));
  options.standalone = false;
  EXPECT_EQ(flamegraph_svg(stacks, options).rfind("<svg", 0), 0u);
}

TEST(Stacks, JsonCarriesFrames) {
  const Results r = testing::parse_fixture("ustack_exited");
  const auto meaning = meaning_from_program("profile:hz:99 { @[ustack] = count(); }");
  const std::string json = render_json(r, {}, &meaning);
  EXPECT_NE(json.find("\"frames\":[[\"[unknown: 0x55bc2c5798e9]\"]]"), std::string::npos) << json;
  EXPECT_NE(json.find("\"decoder\":\"user_stack\""), std::string::npos) << json;
}

TEST(Report, SelfContainedWithFlameGraphAndTables) {
  const Results r = testing::parse_fixture("profile_comm_kstack");
  const auto meaning = meaning_from_program("profile:hz:99 { @[comm, kstack] = count(); }");
  ReportInput input;
  input.program = "profile:hz:99 { @[comm, kstack] = count(); }";
  input.machine = {{"kernel", "6.1 <test>"}};
  const std::string html = report_html(r, meaning, input);
  EXPECT_NE(html.find("<svg id=\"fg0\" class=\"flamegraph\""), std::string::npos);
  EXPECT_NE(html.find("6.1 &lt;test&gt;"), std::string::npos);
  EXPECT_NE(html.find("do_syscall_64+70"), std::string::npos);
  EXPECT_NE(html.find("data-report-ready"), std::string::npos);
  // Nothing is loaded from elsewhere.
  for (const char* external : {"<link", "src=", "href=", "@import", "url("}) EXPECT_EQ(html.find(external), std::string::npos) << external;
}

}  // namespace
}  // namespace gpttrace
