// The phrase tables: English stems and synonyms, Chinese terms. Data only; matching is in lexicon.cpp. The
// words naming each event kind are in the event model.
#include "plan/lexicon.h"

#include "plan/event_model.h"

namespace gpttrace::plan {

namespace {
using E = EventKind;
constexpr int ev(E e) { return static_cast<int>(e); }
constexpr int k(Key key) { return static_cast<int>(key); }
constexpr int ag(AggWord a) { return static_cast<int>(a); }
}  // namespace

// The words of every event kind, from the event model (src/plan/events/*.json).
const PhraseTable& event_terms() {
  static const PhraseTable table = [] {
    std::vector<PhraseSpec> specs;
    for (const EventModel& model : event_models())
      for (const EventPhrase& phrase : model.words) specs.push_back({phrase.text, ev(model.kind), phrase.weight});
    return PhraseTable(specs);
  }();
  return table;
}

const PhraseTable& key_nouns() {
  static const PhraseTable table{
      {"process*", k(Key::Comm)}, {"program*", k(Key::Comm)}, {"comm", k(Key::Comm)}, {"command*", k(Key::Comm)},
      {"process name*", k(Key::Comm)}, {"app*", k(Key::Comm)}, {"application*", k(Key::Comm)}, {"task*", k(Key::Comm)},
      {"name", k(Key::Comm)}, {"thread name", k(Key::Comm)}, {"进程", k(Key::Comm)}, {"程序", k(Key::Comm)},
      {"应用", k(Key::Comm)}, {"进程名", k(Key::Comm)}, {"进程名称", k(Key::Comm)}, {"命令", k(Key::Comm)},
      {"pid*", k(Key::Pid)}, {"process id*", k(Key::Pid)}, {"进程号", k(Key::Pid)}, {"进程id", k(Key::Pid)},
      {"thread*", k(Key::Tid)}, {"tid*", k(Key::Tid)}, {"thread id*", k(Key::Tid)}, {"线程", k(Key::Tid)},
      {"syscall*", k(Key::Syscall)}, {"system call*", k(Key::Syscall)}, {"syscall name*", k(Key::Syscall)},
      {"syscall type*", k(Key::Syscall)}, {"type", k(Key::Syscall)}, {"系统调用", k(Key::Syscall)},
      {"file*", k(Key::File)}, {"filename*", k(Key::File)}, {"path*", k(Key::File)}, {"file name*", k(Key::File)},
      {"文件", k(Key::File)}, {"文件名", k(Key::File)}, {"路径", k(Key::File)},
      {"port*", k(Key::Port)}, {"端口", k(Key::Port)}, {"destination port*", k(Key::Port)},
      {"dest port*", k(Key::Port)}, {"remote port*", k(Key::Port)}, {"目标端口", k(Key::Port)},
      {"address*", k(Key::Address)}, {"ip*", k(Key::Address)}, {"destination*", k(Key::Address)}, {"host*", k(Key::Address)},
      {"remote address*", k(Key::Address)}, {"destination address*", k(Key::Address)},
      {"dest address*", k(Key::Address)}, {"destination ip*", k(Key::Address)}, {"地址", k(Key::Address)}, {"目标地址", k(Key::Address)},
      {"kernel stack*", k(Key::KernelStack)}, {"kstack*", k(Key::KernelStack)}, {"kernel-level stack*", k(Key::KernelStack)},
      {"kernel call stack*", k(Key::KernelStack)}, {"kernel stack trace*", k(Key::KernelStack)}, {"内核栈", k(Key::KernelStack)},
      {"内核调用栈", k(Key::KernelStack)}, {"内核堆栈", k(Key::KernelStack)}, {"内核态栈", k(Key::KernelStack)},
      {"内核态调用栈", k(Key::KernelStack)}, {"内核态堆栈", k(Key::KernelStack)},
      {"user stack*", k(Key::UserStack)}, {"ustack*", k(Key::UserStack)}, {"user-level stack*", k(Key::UserStack)},
      {"user-space stack*", k(Key::UserStack)}, {"user call stack*", k(Key::UserStack)}, {"user stack trace*", k(Key::UserStack)},
      {"userspace stack*", k(Key::UserStack)}, {"用户栈", k(Key::UserStack)}, {"用户态栈", k(Key::UserStack)},
      {"用户调用栈", k(Key::UserStack)}, {"用户态调用栈", k(Key::UserStack)}, {"用户态堆栈", k(Key::UserStack)},
      {"用户级堆栈", k(Key::UserStack)}, {"用户堆栈", k(Key::UserStack)},
      {"stack*", kAnyStack}, {"stack trace*", kAnyStack}, {"call stack*", kAnyStack},
      {"call path*", kAnyStack}, {"code path*", kAnyStack}, {"调用栈", kAnyStack}, {"堆栈", kAnyStack}, {"栈", kAnyStack},
      {"cpu*", k(Key::Cpu)}, {"core*", k(Key::Cpu)}, {"处理器", k(Key::Cpu)}, {"核", k(Key::Cpu)},
      {"disk*", k(Key::Disk)}, {"device*", k(Key::Disk)}, {"drive*", k(Key::Disk)}, {"磁盘", k(Key::Disk)},
      {"设备", k(Key::Disk)}, {"硬盘", k(Key::Disk)},
      {"user*", k(Key::Uid)}, {"uid*", k(Key::Uid)}, {"用户", k(Key::Uid)},
      {"signal*", k(Key::Signal)}, {"信号", k(Key::Signal)},
      {"exit code*", k(Key::ExitCode)}, {"exit status*", k(Key::ExitCode)}, {"return code*", k(Key::ExitCode)},
      {"退出码", k(Key::ExitCode)}, {"退出状态", k(Key::ExitCode)},
      {"error*", k(Key::Error)}, {"errno*", k(Key::Error)}, {"error code*", k(Key::Error)}, {"reason*", k(Key::Error)},
      {"错误", k(Key::Error)}, {"错误码", k(Key::Error)}, {"错误原因", k(Key::Error)},
      {"function*", k(Key::Function)}, {"函数", k(Key::Function)},
      {"probe*", k(Key::Probe)}, {"tracepoint*", k(Key::Probe)}, {"event type*", k(Key::Probe)}, {"探针", k(Key::Probe)},
  };
  return table;
}

const PhraseTable& group_markers() {
  static const PhraseTable table{
      {"by"}, {"per"}, {"for each"}, {"for every"}, {"each"}, {"every"}, {"grouped by"}, {"group by"},
      {"broken down by"}, {"break down by"}, {"split by"}, {"by each"}, {"per each"}, {"across"}, {"by the"},
      {"按"}, {"按照"}, {"每个"}, {"每一个"}, {"各"}, {"各个"}, {"根据"}, {"分"}, {"以"}, {"每"},
  };
  return table;
}

const PhraseTable& field_markers() {
  static const PhraseTable table{
      {"with"}, {"with the"}, {"with their"}, {"with its"}, {"including"}, {"and"}, {"and the"}, {"and their"},
      {"showing"}, {"plus"}, {"及其"}, {"和"}, {"与"}, {"以及"}, {"及"}, {"带"}, {"包括"},
      // "…, show the paths" / "显示文件路径": a display verb right before a field adds that field.
      {"show"}, {"show the"}, {"show their"}, {"display"}, {"print"}, {"print the"}, {"显示"}, {"打印"},
      {"并显示"}, {"列出"},
  };
  return table;
}

const PhraseTable& question_words() {
  static const PhraseTable table{
      {"which"}, {"what"}, {"who"}, {"whom"}, {"谁"}, {"哪些"}, {"哪个"}, {"什么"}, {"哪"}, {"是谁"}, {"哪一个"},
  };
  return table;
}

const PhraseTable& aggregation_words() {
  static const PhraseTable table{
      {"count*", ag(AggWord::Count)}, {"how many", ag(AggWord::Count)}, {"number of", ag(AggWord::Count)},
      {"tally", ag(AggWord::Count)}, {"frequency", ag(AggWord::Count)}, {"how often", ag(AggWord::Count)},
      {"most", ag(AggWord::Count)}, {"frequent*", ag(AggWord::Count)}, {"the most", ag(AggWord::Count)},
      {"多少", ag(AggWord::Count)}, {"次数", ag(AggWord::Count)}, {"统计", ag(AggWord::Count)}, {"计数", ag(AggWord::Count)},
      {"数量", ag(AggWord::Count)}, {"个数", ag(AggWord::Count)}, {"频繁", ag(AggWord::Count)}, {"最多", ag(AggWord::Count)},
      {"频率", ag(AggWord::Count)}, {"几次", ag(AggWord::Count)},
      {"sum*", ag(AggWord::Sum)}, {"total*", ag(AggWord::Sum)}, {"总", ag(AggWord::Sum)}, {"总和", ag(AggWord::Sum)},
      {"总量", ag(AggWord::Sum)}, {"合计", ag(AggWord::Sum)}, {"总共", ag(AggWord::Sum)},
      {"histogram*", ag(AggWord::Histogram)}, {"hist", ag(AggWord::Histogram)}, {"distribution*", ag(AggWord::Histogram)},
      {"distributed", ag(AggWord::Histogram)}, {"分布", ag(AggWord::Histogram)}, {"直方图", ag(AggWord::Histogram)},
      {"average*", ag(AggWord::Average)}, {"avg", ag(AggWord::Average)}, {"mean", ag(AggWord::Average)},
      {"平均", ag(AggWord::Average)}, {"均值", ag(AggWord::Average)},
      {"stats", ag(AggWord::Stats)}, {"statistics", ag(AggWord::Stats)}, {"summary", ag(AggWord::Stats)},
      {"summari*", ag(AggWord::Stats)},
      {"rate*", ag(AggWord::Rate)}, {"per second", ag(AggWord::Rate)}, {"per-second", ag(AggWord::Rate)},
      {"each second", ag(AggWord::Rate)}, {"every second", ag(AggWord::Rate)}, {"/ s", ag(AggWord::Rate)}, {"/ sec", ag(AggWord::Rate)},
      {"per sec", ag(AggWord::Rate)}, {"a second", ag(AggWord::Rate)}, {"每秒", ag(AggWord::Rate)},
      {"每秒钟", ag(AggWord::Rate)}, {"速率", ag(AggWord::Rate)}, {"每一秒", ag(AggWord::Rate)},
      {"list*", ag(AggWord::List)}, {"show*", ag(AggWord::List)}, {"trace*", ag(AggWord::List)},
      {"tracing", ag(AggWord::List)}, {"watch*", ag(AggWord::List)}, {"print*", ag(AggWord::List)},
      {"log*", ag(AggWord::List)}, {"display*", ag(AggWord::List)}, {"monitor*", ag(AggWord::List)},
      {"snoop*", ag(AggWord::List)}, {"as they happen", ag(AggWord::List)}, {"live", ag(AggWord::List)},
      {"track*", ag(AggWord::List)}, {"follow*", ag(AggWord::List)}, {"captur*", ag(AggWord::List)},
      {"record*", ag(AggWord::List)}, {"observ*", ag(AggWord::List)}, {"audit*", ag(AggWord::List)},
      {"catch*", ag(AggWord::List)}, {"view*", ag(AggWord::List)}, {"inspect*", ag(AggWord::List)},
      {"detect*", ag(AggWord::List)}, {"spot*", ag(AggWord::List)}, {"dump*", ag(AggWord::List)},
      {"追踪", ag(AggWord::List)}, {"跟踪", ag(AggWord::List)}, {"显示", ag(AggWord::List)}, {"打印", ag(AggWord::List)},
      {"监控", ag(AggWord::List)}, {"列出", ag(AggWord::List)}, {"查看", ag(AggWord::List)}, {"输出", ag(AggWord::List)},
      {"观察", ag(AggWord::List)}, {"记录", ag(AggWord::List)}, {"监视", ag(AggWord::List)},
  };
  return table;
}

const PhraseTable& measure_words() {
  static const PhraseTable table{
      {"byte*", static_cast<int>(Measure::Bytes)}, {"size*", static_cast<int>(Measure::Bytes)},
      {"how much data", static_cast<int>(Measure::Bytes)}, {"how much", static_cast<int>(Measure::Bytes)},
      {"amount of data", static_cast<int>(Measure::Bytes)}, {"throughput", static_cast<int>(Measure::Bytes)},
      {"volume", static_cast<int>(Measure::Bytes)}, {"字节", static_cast<int>(Measure::Bytes)},
      {"字节数", static_cast<int>(Measure::Bytes)}, {"流量", static_cast<int>(Measure::Bytes)},
      {"大小", static_cast<int>(Measure::Bytes)}, {"数据量", static_cast<int>(Measure::Bytes)},
      {"latenc*", static_cast<int>(Measure::Latency)}, {"how long", static_cast<int>(Measure::Latency)},
      {"time spent", static_cast<int>(Measure::Latency)}, {"time taken", static_cast<int>(Measure::Latency)},
      {"slow*", static_cast<int>(Measure::Latency)}, {"duration*", static_cast<int>(Measure::Latency)},
      {"timing*", static_cast<int>(Measure::Latency)}, {"delay*", static_cast<int>(Measure::Latency)},
      {"response time*", static_cast<int>(Measure::Latency)}, {"take*", static_cast<int>(Measure::Latency)},
      {"took", static_cast<int>(Measure::Latency)}, {"time", static_cast<int>(Measure::Latency)},
      {"延迟", static_cast<int>(Measure::Latency)}, {"耗时", static_cast<int>(Measure::Latency)},
      {"慢", static_cast<int>(Measure::Latency)}, {"时延", static_cast<int>(Measure::Latency)},
      {"多久", static_cast<int>(Measure::Latency)}, {"时间", static_cast<int>(Measure::Latency)},
      {"时长", static_cast<int>(Measure::Latency)}, {"延时", static_cast<int>(Measure::Latency)},
      {"花费", static_cast<int>(Measure::Latency)},
      // Weak (weight 0): bytes only when the event has bytes ("write the most data", "发送了多少数据").
      {"data", static_cast<int>(Measure::Bytes), 0}, {"traffic", static_cast<int>(Measure::Bytes), 0},
      {"数据", static_cast<int>(Measure::Bytes), 0}, {"payload*", static_cast<int>(Measure::Bytes), 0},
  };
  return table;
}

const PhraseTable& failure_words() {
  static const PhraseTable table{
      {"fail*"}, {"unsuccessful*"}, {"error*"}, {"errno"}, {"denied"}, {"enoent"}, {"eacces"}, {"not found"},
      {"non-zero"}, {"nonzero"}, {"non-0"}, {"not zero"}, {"other than zero"}, {"abnormal*"},
      {"失败"}, {"出错"}, {"错误"}, {"报错"}, {"不成功"}, {"非零"}, {"非0"}, {"不为零"}, {"不为0"}, {"不是0"}, {"异常"},
  };
  return table;
}

const PhraseTable& comparison_words() {
  using C = Comparison;
  static const PhraseTable table{
      {"over", static_cast<int>(C::Greater)}, {"above", static_cast<int>(C::Greater)},
      {"more than", static_cast<int>(C::Greater)}, {"longer than", static_cast<int>(C::Greater)},
      {"greater than", static_cast<int>(C::Greater)}, {"larger than", static_cast<int>(C::Greater)},
      {"bigger than", static_cast<int>(C::Greater)}, {"slower than", static_cast<int>(C::Greater)},
      {"exceeding", static_cast<int>(C::Greater)}, {"exceeds", static_cast<int>(C::Greater)},
      {"exceed", static_cast<int>(C::Greater)}, {"in excess of", static_cast<int>(C::Greater)},
      {">", static_cast<int>(C::Greater)}, {"beyond", static_cast<int>(C::Greater)},
      {"at least", static_cast<int>(C::GreaterEqual)}, {">=", static_cast<int>(C::GreaterEqual)},
      {"> =", static_cast<int>(C::GreaterEqual)}, {"or more", static_cast<int>(C::GreaterEqual)},
      {"under", static_cast<int>(C::Less)}, {"below", static_cast<int>(C::Less)}, {"less than", static_cast<int>(C::Less)},
      {"shorter than", static_cast<int>(C::Less)}, {"smaller than", static_cast<int>(C::Less)},
      {"faster than", static_cast<int>(C::Less)}, {"<", static_cast<int>(C::Less)},
      {"at most", static_cast<int>(C::LessEqual)}, {"<=", static_cast<int>(C::LessEqual)},
      {"< =", static_cast<int>(C::LessEqual)},
      {"超过", static_cast<int>(C::Greater)}, {"大于", static_cast<int>(C::Greater)}, {"高于", static_cast<int>(C::Greater)},
      {"多于", static_cast<int>(C::Greater)}, {"长于", static_cast<int>(C::Greater)}, {"慢于", static_cast<int>(C::Greater)},
      {"超出", static_cast<int>(C::Greater)}, {"至少", static_cast<int>(C::GreaterEqual)},
      {"不少于", static_cast<int>(C::GreaterEqual)}, {"不低于", static_cast<int>(C::GreaterEqual)},
      {"小于", static_cast<int>(C::Less)}, {"低于", static_cast<int>(C::Less)}, {"少于", static_cast<int>(C::Less)},
      {"短于", static_cast<int>(C::Less)}, {"不超过", static_cast<int>(C::LessEqual)}, {"最多", static_cast<int>(C::LessEqual)},
  };
  return table;
}

const PhraseTable& duration_markers() {
  static const PhraseTable table{
      {"for"}, {"during"}, {"in"}, {"within"}, {"over the next"}, {"for the next"}, {"in the next"}, {"lasting"},
      {"run for"}, {"trace for"}, {"only for"}, {"just for"}, {"for about"}, {"after"},
      {"持续"}, {"运行"}, {"在"}, {"内"}, {"之内"}, {"以内"}, {"期间"}, {"追踪"}, {"跟踪"}, {"统计"}, {"观察"}, {"监控"},
      {"采样"}, {"运行"}, {"用"}, {"共"}, {"的时间"}, {"时间"},
  };
  return table;
}

const PhraseTable& filler_words() {
  static const PhraseTable table{
      {"a"}, {"an"}, {"the"}, {"me"}, {"please"}, {"can"}, {"could"}, {"would"}, {"you"}, {"i"}, {"want"}, {"to"},
      {"like"}, {"know"}, {"let"}, {"let's"}, {"see"}, {"give"}, {"get"}, {"find"}, {"out"}, {"tell"}, {"is"}, {"are"},
      {"was"}, {"were"}, {"be"}, {"been"}, {"being"}, {"do"}, {"does"}, {"did"}, {"doing"}, {"has"}, {"have"},
      {"of"}, {"on"}, {"at"}, {"it"}, {"its"}, {"their"}, {"them"}, {"they"}, {"this"}, {"that"}, {"these"}, {"those"},
      {"there"}, {"all"}, {"any"}, {"every"}, {"system"}, {"systemwide"}, {"system-wide"}, {"machine"}, {"box"},
      {"host"}, {"server"}, {"now"}, {"currently"}, {"right"}, {"happening"}, {"happen"}, {"made"}, {"make"},
      {"making"}, {"called"}, {"calling"}, {"call"}, {"calls"}, {"invoked"}, {"invocations"}, {"invocation"},
      {"event*"}, {"activity"}, {"using"}, {"used"}, {"use"}, {"uses"}, {"from"}, {"into"}, {"up"}, {"my"}, {"our"},
      {"kernel"}, {"linux"}, {"bpftrace"}, {"ebpf"}, {"bpf"}, {"program"}, {"one-liner"}, {"done"}, {"performed"},
      {"issued"}, {"them"}, {"so"}, {"far"}, {"how"}, {"and"}, {"or"}, {"with"}, {"about"},
      {"often"}, {"request*"}, {"operation*"}, {"info"}, {"information"}, {"details"}, {"detail"}, {"report"}, {"new"}, {"just"}, {"only"},
      {"some"}, {"both"}, {"also"}, {"as"}, {"well"}, {"whole"}, {"entire"}, {"times"}, {"time"}, {"level"}, {"mode"},
      {"我"}, {"想"}, {"要"}, {"请"}, {"帮"}, {"帮我"}, {"一下"}, {"看看"}, {"看"}, {"了"}, {"的"}, {"在"}, {"所有"},
      {"全部"}, {"系统"}, {"中"}, {"里"}, {"上"}, {"下"}, {"是"}, {"有"}, {"哪些"}, {"调用"}, {"次"}, {"一个"},
      {"个"}, {"被"}, {"正在"}, {"都"}, {"情况"}, {"事件"}, {"内核"}, {"给"}, {"出"}, {"它们"}, {"它"}, {"和"},
      {"及"}, {"以及"}, {"其"}, {"各自"}, {"名"}, {"数"}, {"得"}, {"地"}, {"吗"}, {"呢"}, {"把"}, {"对"}, {"进行"},
      {"来"}, {"去"}, {"最近"}, {"当前"}, {"目前"}, {"每次"}, {"每一次"}, {"分别"}, {"发生"}, {"产生"}, {"什么"},
      // Verbs and nouns that restate the request without changing the plan ("a breakdown of", "syscalls
      // taking more than", "state changes", "with their arguments" of a listing that shows them).
      {"breakdown"}, {"spending"}, {"spend"}, {"spent"}, {"taking"}, {"led"}, {"leads"}, {"leading"},
      {"dynamic"}, {"dynamically"}, {"change"}, {"changes"}, {"changed"}, {"transition*"}, {"argument*"},
      {"args"}, {"sender*"}, {"receiver*"}, {"going"}, {"running"}, {"occurring"}, {"happens"}, {"triggered"},
      {"generated"}, {"produced"}, {"caused"}, {"causing"}, {"result*"}, {"output"}, {"moment"}, {"seconds"},
      {"status"}, {"target*"}, {"parent*"}, {"child*"}, {"lookup*"}, {"whats"}, {"what's"}, {"changing"},
      {"for"}, {"in"}, {"which"}, {"what"}, {"when"}, {"where"}, {"why"}, {"who"}, {"typed"}, {"mapped"},
      {"created"}, {"creating"}, {"break it down"}, {"break down"}, {"break"}, {"waits"}, {"wait"}, {"waiting"},
      {"packet*"}, {"code"}, {"codes"}, {"message*"}, {"full"}, {"complete"}, {"measure"}, {"measuring"},
      {"old"}, {"分组"}, {"分类"}, {"归类"},
      {"做"}, {"修改"}, {"创建"}, {"发送"}, {"映射"}, {"等待"}, {"查询"}, {"执行"}, {"分析"}, {"使用"}, {"进行"},
      {"处理"}, {"出现"}, {"触发"}, {"导致"}, {"最占"}, {"占用"}, {"类型"}, {"种类"}, {"别的"}, {"其他"}, {"参数"},
      {"路径"}, {"目标"}, {"操作"}, {"有没有"}, {"是否"}, {"哪里"}, {"情况下"}, {"一共"}, {"多长"}, {"长时间"},
  };
  return table;
}

const PhraseTable& unsupported_topics() {
  static const PhraseTable table{
      {"gpu*"}, {"cuda"}, {"显存"}, {"显卡"}, {"llc", kNeedsPmu}, {"cache miss*", kNeedsPmu},
      {"cache-miss*", kNeedsPmu}, {"缓存未命中", kNeedsPmu}, {"pmc", kNeedsPmu}, {"hardware counter*", kNeedsPmu},
      {"instructions", kNeedsPmu}, {"ipc", kNeedsPmu}, {"cycles", kNeedsPmu}, {"branch miss*", kNeedsPmu},
      {"tlb miss*", kNeedsPmu}, {"指令数", kNeedsPmu}, {"周期数", kNeedsPmu}, {"分支预测", kNeedsPmu}, {"temperature"}, {"power"}, {"energy"},
      {"温度"}, {"功耗"}, {"sandwich*"}, {"coffee"}, {"weather"}, {"email*"}, {"password*"}, {"密码"}, {"天气"},
      {"xdp"}, {"packet drop*"}, {"丢包"}, {"firewall"}, {"iptables"}, {"lock contention"}, {"mutex*"}, {"锁"},
      {"interrupt*"}, {"irq*"}, {"中断"}, {"softirq*"}, {"java method*"}, {"garbage collect*"}, {"gc"},
      {"http request*"}, {"sql"}, {"query latency"}, {"mysql quer*"}, {"usdt"}, {"bluetooth"}, {"usb"}, {"wifi"},
  };
  return table;
}

const PhraseTable& significant_words() {
  static const PhraseTable table{
      {"by"}, {"per"}, {"port"}, {"ports"}, {"pid"}, {"tid"}, {"uid"}, {"user"}, {"cgroup*"}, {"over"}, {"above"},
      {"under"}, {"below"}, {"more than"}, {"less than"}, {"longer than"}, {"shorter than"}, {"greater than"},
      {"larger than"}, {"bigger than"}, {"smaller than"}, {"at least"}, {"at most"}, {">"}, {"<"}, {"top"},
      {"named"}, {"container*"}, {"namespace*"}, {"except"}, {"excluding"}, {"not"}, {"without"},
      {"按"}, {"端口"}, {"进程号"}, {"超过"}, {"大于"}, {"小于"}, {"低于"}, {"高于"}, {"至少"}, {"前"}, {"名为"},
      {"容器"}, {"除了"}, {"排除"}, {"不是"}, {"不包括"}, {"用户"}, {"线程号"},
  };
  return table;
}

const PhraseTable& change_verbs() {
  static const PhraseTable table{
      {"inject*", kChangeReturn}, {"fault injection", kChangeReturn}, {"override*", kChangeReturn},
      {"change the return", kChangeReturn}, {"modify the return", kChangeReturn}, {"tamper*", kChangeReturn},
      {"注入", kChangeReturn}, {"修改返回值", kChangeReturn}, {"篡改", kChangeReturn}, {"故障注入", kChangeReturn},
      {"kill", kImperativeOnly}, {"terminate", kImperativeOnly}, {"throttle", kImperativeOnly},
      {"deny", kImperativeOnly}, {"pause", kImperativeOnly}, {"suspend", kImperativeOnly}, {"renice", kImperativeOnly},
      {"slow down", kImperativeOnly}, {"restart", kImperativeOnly}, {"freeze", kImperativeOnly},
      {"杀掉", kImperativeOnly}, {"杀死", kImperativeOnly}, {"干掉", kImperativeOnly}, {"阻止", kImperativeOnly},
      {"限制", kImperativeOnly}, {"禁止", kImperativeOnly}, {"暂停", kImperativeOnly}, {"终止进程", kImperativeOnly},
      {"结束进程", kImperativeOnly},
  };
  return table;
}

const PhraseTable& direction_words() {
  static const PhraseTable table{
      {"sent", kSend},         {"send", kSend},         {"sends", kSend},         {"sending", kSend},
      {"发送", kSend},         {"发出", kSend},         {"发给", kSend},          {"received", kReceive},
      {"receive", kReceive},   {"receives", kReceive},  {"receiving", kReceive},  {"收到", kReceive},
      {"接收", kReceive},      {"被发送", kReceive},    {"被发", kReceive},       {"收到的", kReceive},
  };
  return table;
}

const PhraseTable& side_words() {
  auto side = [](ProcessSide s) { return static_cast<int>(s); };
  static const PhraseTable table{
      {"parent", side(ProcessSide::Parent)},     {"parent's", side(ProcessSide::Parent)},
      {"父", side(ProcessSide::Parent)},          {"child", side(ProcessSide::Child)},
      {"child's", side(ProcessSide::Child)},     {"子", side(ProcessSide::Child)},
      {"target", side(ProcessSide::Target)},     {"target's", side(ProcessSide::Target)},
      {"receiving", side(ProcessSide::Target)},  {"receiver", side(ProcessSide::Target)},
      {"receiver's", side(ProcessSide::Target)}, {"recipient", side(ProcessSide::Target)},
      {"destination", side(ProcessSide::Target)}, {"目标", side(ProcessSide::Target)},
      {"接收", side(ProcessSide::Target)},        {"接收方", side(ProcessSide::Target)},
      {"sender", side(ProcessSide::Sender)},     {"sender's", side(ProcessSide::Sender)},
      {"sending", side(ProcessSide::Sender)},    {"发送", side(ProcessSide::Sender)},
      {"发送方", side(ProcessSide::Sender)},
  };
  return table;
}

}  // namespace gpttrace::plan
