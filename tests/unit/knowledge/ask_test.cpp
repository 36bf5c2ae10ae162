// Grounded answers from a fixture catalog: functions that are absent (inlined) or present, tracepoint
// fields, subsystems and probe types; English and Chinese.
#include <gtest/gtest.h>

#include "kernel/fixture_catalog.h"
#include "knowledge/ask.h"

namespace gpttrace {
namespace {

FixtureCatalog catalog_with_skb() {
  FixtureCatalog c;
  c.add_tracepoint(Tracepoint{"skb", "kfree_skb", {{"skbaddr", "void *", 8, 8}, {"reason", "enum skb_drop_reason", 36, 4}}});
  c.add_tracepoint(Tracepoint{"tcp", "tcp_retransmit_skb", {{"sport", "__u16", 8, 2}}});
  c.add_tracepoint(Tracepoint{"tcp", "tcp_probe", {{"srtt", "__u32", 8, 4}}});
  c.add_function(KernelFunction{"tcp_v4_connect", "int", {{"sk", "struct sock *"}}});
  c.add_function(KernelFunction{"sk_skb_reason_drop", "void", {}});
  return c;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Ask, InlinedFunctionGetsItsTracepoint) {
  FixtureCatalog c = catalog_with_skb();
  AskAnswer a = answer_question("why can't I kprobe kfree_skb on 6.1?", c, [](std::string_view) { return false; });
  EXPECT_TRUE(a.understood);
  EXPECT_TRUE(has(a.prose, "inlined")) << a.prose;
  EXPECT_TRUE(has(a.prose, "skb:kfree_skb")) << a.prose;
  EXPECT_FALSE(a.try_next.empty());
  bool btf_fact = false;
  for (const AskFact& f : a.facts) btf_fact |= f.source == "BTF" && has(f.text, "not in this kernel's BTF");
  EXPECT_TRUE(btf_fact);
}

TEST(Ask, PresentFunctionButNoKprobes) {
  FixtureCatalog c = catalog_with_skb();
  AskAnswer a = answer_question("can I trace tcp_v4_connect?", c, [](std::string_view n) { return n == "tcp_v4_connect"; });
  EXPECT_TRUE(has(a.prose, "exists in this kernel")) << a.prose;
  EXPECT_TRUE(has(a.facts.front().text, "int tcp_v4_connect(struct sock * sk)")) << a.facts.front().text;
}

TEST(Ask, TracepointFields) {
  FixtureCatalog c = catalog_with_skb();
  AskAnswer a = answer_question("fields of tracepoint:skb:kfree_skb", c, {});
  EXPECT_TRUE(has(a.prose, "args->reason")) << a.prose;
}

TEST(Ask, SubsystemInChinese) {
  FixtureCatalog c = catalog_with_skb();
  AskAnswer a = answer_question("tcp 有哪些 tracepoint？", c, {});
  EXPECT_EQ(a.language, "zh");
  EXPECT_TRUE(has(a.prose, "tcp:tcp_retransmit_skb")) << a.prose;
  EXPECT_TRUE(has(a.prose, "子系统")) << a.prose;
}

TEST(Ask, ProbeTypeSupport) {
  FixtureCatalog c;
  AskAnswer a = answer_question("can I use kprobes here?", c, {});
  EXPECT_TRUE(has(a.prose, "kprobe probes cannot attach")) << a.prose;
}

TEST(Ask, NothingRecognisedSaysWhatItAnswers) {
  FixtureCatalog c;
  AskAnswer a = answer_question("hello there", c, {});
  EXPECT_FALSE(a.understood);
  EXPECT_TRUE(has(a.prose, "vfs_read"));
}

}  // namespace
}  // namespace gpttrace
