/* evwk: a workload with a known comm that runtime tests trace; one MODE of kernel activity in a cheap loop.
 *
 * Usage: evwk [--name COMM] [--seconds S] [--count N] MODE [ARGS]
 *   --name COMM   comm set with prctl(PR_SET_NAME) before any work (at most 15 chars; default "evwk_MODE")
 *   --seconds S   stop after S seconds (default 10; fractions allowed); SIGTERM/SIGINT also stop it cleanly
 *   --count N     stop after N iterations (default 0: no limit)
 * Each iteration is a burst of work and then a short sleep (PAUSE_US), so a workload costs little CPU.
 * Modes, with their optional arguments and defaults:
 *   syscalls                 50 getpid + 50 getppid (raw syscalls, never cached)
 *   open [PATH]              openat + close of PATH (default /etc/hostname)
 *   openfail [PATH]          openat of a missing path (default /nonexistent/evwk_missing), fails ENOENT
 *   read [PATH] [SIZE]       read(2) of SIZE bytes (default 512) from offset 0 of PATH (default: this binary)
 *   write [PATH] [SIZE]      write(2) of SIZE bytes (default 512) at offset 0 of PATH (default a temp file)
 *   unlink | rename | chmod  create a file in a temp dir, then unlink it / rename it / chmod it
 *   stat [PATH]              stat(2) of PATH (default /etc/passwd)
 *   pagefault [PAGES]        mmap PAGES fresh anonymous pages (default 256), touch each, munmap
 *   brk [BYTES]              sbrk(+BYTES) then sbrk(-BYTES) (default 1 MiB)
 *   mmap [BYTES]             mmap + munmap of BYTES anonymous bytes without touching them (default 1 MiB)
 *   malloc [SIZE]            libc malloc + free of SIZE bytes (default: cycles 16, 256, 4096, 65536)
 *   fork [CODE]              fork; the child _exit(CODE) (default 3); waitpid
 *   exec [PATH]              fork + execve of PATH (default: this binary as "--name COMM_c --count 1
 * syscalls") thread [N]               pthread_create N threads (default 2) that do a few getpid; join kill
 * [self|child]        SIGUSR1 to itself (handled), or to a forked child (which dies of it) sleep [MS]
 * nanosleep MS milliseconds (default 10), no other pause cpu [MS]                 busy loop for MS
 * milliseconds (default 10) then pause (for profile:hz) tcp [PORT]               connect to its own listener
 * on 127.0.0.1:PORT (default ephemeral), accept, send and receive 1 KiB, close udp [PORT] sendto its own
 * socket on 127.0.0.1:PORT (default ephemeral) and recvfrom, 512 B dns getaddrinfo("localhost") +
 * freeaddrinfo fsync [PATH]             write 64 KiB at offset 0 of PATH (default a file in /var/tmp) and
 * fdatasync Nothing is printed on stdout; usage errors go to stderr with exit code 2.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { PAUSE_US = 5000, MAX_THREADS = 64 };

static volatile sig_atomic_t g_stop;
static volatile sig_atomic_t g_usr1_count;
static void* volatile g_sink; /* malloc results escape here so the compiler keeps the calls */

static const char* g_mode_arg1;
static const char* g_mode_arg2;
static char g_comm[16];
static char g_self[PATH_MAX];
static char g_tmpdir[32]; /* "/tmp/evwk.XXXXXX" */
static char g_tmpfile[PATH_MAX];

static void on_stop(int sig) {
  (void)sig;
  g_stop = 1;
}

static void on_usr1(int sig) {
  (void)sig;
  g_usr1_count++;
}

static void die(const char* what) {
  fprintf(stderr, "evwk: %s: %s\n", what, strerror(errno));
  exit(1);
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static long arg_long(const char* text, long fallback) {
  if (!text) return fallback;
  char* end = NULL;
  long value = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < 0) {
    fprintf(stderr, "evwk: not a non-negative number: %s\n", text);
    exit(2);
  }
  return value;
}

/* The temp dir is created on first use and removed (with g_tmpfile) at exit. */
static const char* temp_path(const char* leaf) {
  if (!g_tmpdir[0]) {
    snprintf(g_tmpdir, sizeof g_tmpdir, "/tmp/evwk.XXXXXX");
    if (!mkdtemp(g_tmpdir)) die("mkdtemp");
  }
  static char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", g_tmpdir, leaf);
  return path;
}

static void create_file(const char* path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) die(path);
  close(fd);
}

static void do_syscalls(void) {
  for (int i = 0; i < 50; i++) {
    syscall(SYS_getpid);
    syscall(SYS_getppid);
  }
}

static void do_open(void) {
  const char* path = g_mode_arg1 ? g_mode_arg1 : "/etc/hostname";
  int fd = open(path, O_RDONLY);
  if (fd >= 0) close(fd);
}

static void do_openfail(void) {
  int fd = open(g_mode_arg1 ? g_mode_arg1 : "/nonexistent/evwk_missing", O_RDONLY);
  if (fd >= 0) close(fd);
}

static void do_read(void) {
  static int fd = -1;
  static char buf[1 << 20];
  size_t size = (size_t)arg_long(g_mode_arg2, 512);
  if (size > sizeof buf) size = sizeof buf;
  if (fd < 0 && (fd = open(g_mode_arg1 ? g_mode_arg1 : g_self, O_RDONLY)) < 0) die("open for read");
  lseek(fd, 0, SEEK_SET);
  if (read(fd, buf, size) < 0) die("read");
}

static void do_write(void) {
  static int fd = -1;
  static char buf[1 << 20];
  size_t size = (size_t)arg_long(g_mode_arg2, 512);
  if (size > sizeof buf) size = sizeof buf;
  if (fd < 0) {
    const char* path = g_mode_arg1;
    if (!path) {
      snprintf(g_tmpfile, sizeof g_tmpfile, "%s", temp_path("write.dat"));
      path = g_tmpfile;
    }
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) die("open for write");
    memset(buf, 'w', sizeof buf);
  }
  lseek(fd, 0, SEEK_SET);
  if (write(fd, buf, size) < 0) die("write");
}

static void do_unlink(void) {
  const char* path = temp_path("unlink.dat");
  create_file(path);
  unlink(path);
}

static void do_rename(void) {
  char from[PATH_MAX];
  snprintf(from, sizeof from, "%s", temp_path("rename_from.dat"));
  const char* to = temp_path("rename_to.dat");
  create_file(from);
  if (rename(from, to) < 0) die("rename");
  unlink(to);
}

static void do_chmod(void) {
  static int flip;
  const char* path = temp_path("chmod.dat");
  if (!g_tmpfile[0]) {
    create_file(path);
    snprintf(g_tmpfile, sizeof g_tmpfile, "%s", path);
  }
  chmod(path, (flip ^= 1) ? 0600 : 0644);
}

static void do_stat(void) {
  struct stat st;
  stat(g_mode_arg1 ? g_mode_arg1 : "/etc/passwd", &st);
}

static void do_pagefault(void) {
  long page = sysconf(_SC_PAGESIZE);
  size_t pages = (size_t)arg_long(g_mode_arg1, 256);
  volatile char* mem =
      mmap(NULL, pages * (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) die("mmap");
  for (size_t i = 0; i < pages; i++) mem[i * (size_t)page] = 1;
  munmap((void*)mem, pages * (size_t)page);
}

static void do_brk(void) {
  long bytes = arg_long(g_mode_arg1, 1 << 20);
  if (sbrk(bytes) == (void*)-1) die("sbrk");
  sbrk(-bytes);
}

static void do_mmap(void) {
  size_t bytes = (size_t)arg_long(g_mode_arg1, 1 << 20);
  void* mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) die("mmap");
  munmap(mem, bytes);
}

static void do_malloc(void) {
  static const size_t sizes[] = {16, 256, 4096, 65536};
  static unsigned next;
  size_t size = g_mode_arg1 ? (size_t)arg_long(g_mode_arg1, 0) : sizes[next++ % 4];
  char* p = malloc(size ? size : 1);
  if (!p) die("malloc");
  p[0] = 1;
  g_sink = p;
  free(p);
}

static void do_fork(void) {
  int code = (int)arg_long(g_mode_arg1, 3);
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) _exit(code);
  waitpid(child, NULL, 0);
}

static void do_exec(void) {
  char child_comm[32];
  snprintf(child_comm, sizeof child_comm, "%.13s_c", g_comm);
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    if (g_mode_arg1) {
      char* argv[] = {(char*)g_mode_arg1, NULL};
      execv(g_mode_arg1, argv);
    } else {
      char* argv[] = {"evwk", "--name", child_comm, "--count", "1", "syscalls", NULL};
      execv(g_self, argv);
    }
    _exit(127);
  }
  waitpid(child, NULL, 0);
}

static void* thread_main(void* arg) {
  (void)arg;
  for (int i = 0; i < 10; i++) syscall(SYS_getpid);
  return NULL;
}

static void do_thread(void) {
  pthread_t threads[MAX_THREADS];
  long n = arg_long(g_mode_arg1, 2);
  if (n > MAX_THREADS) n = MAX_THREADS;
  for (long i = 0; i < n; i++) {
    int rc = pthread_create(&threads[i], NULL, thread_main, NULL);
    if (rc != 0) {
      errno = rc;
      die("pthread_create");
    }
  }
  for (long i = 0; i < n; i++) pthread_join(threads[i], NULL);
}

static void do_kill(void) {
  if (!g_mode_arg1 || strcmp(g_mode_arg1, "self") == 0) {
    kill(getpid(), SIGUSR1);
    return;
  }
  /* SIGUSR1 stays blocked in the child until it has its default (fatal) action back: no race. */
  sigset_t usr1, old;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigprocmask(SIG_BLOCK, &usr1, &old);
  pid_t child = fork();
  if (child < 0) die("fork");
  if (child == 0) {
    signal(SIGUSR1, SIG_DFL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    for (;;) pause();
  }
  sigprocmask(SIG_SETMASK, &old, NULL);
  kill(child, SIGUSR1);
  waitpid(child, NULL, 0);
}

static void do_sleep(void) {
  sleep_ms(arg_long(g_mode_arg1, 10));
}

static void do_cpu(void) {
  double until = now_seconds() + (double)arg_long(g_mode_arg1, 10) / 1000.0;
  volatile uint64_t x = 0;
  while (now_seconds() < until)
    for (int i = 0; i < 10000; i++) x = x * 6364136223846793005ULL + 1;
}

static struct sockaddr_in loopback(long port) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

/* Binds a socket of `type` to 127.0.0.1:PORT (0: ephemeral) and returns it with its bound address. */
static int bound_socket(int type, struct sockaddr_in* addr) {
  int fd = socket(AF_INET, type, 0);
  if (fd < 0) die("socket");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  *addr = loopback(arg_long(g_mode_arg1, 0));
  if (bind(fd, (struct sockaddr*)addr, sizeof *addr) < 0) die("bind");
  socklen_t len = sizeof *addr;
  getsockname(fd, (struct sockaddr*)addr, &len);
  return fd;
}

static void do_tcp(void) {
  static int listener = -1;
  static struct sockaddr_in addr;
  char buf[1024];
  if (listener < 0) {
    listener = bound_socket(SOCK_STREAM, &addr);
    if (listen(listener, 16) < 0) die("listen");
  }
  int client = socket(AF_INET, SOCK_STREAM, 0);
  if (client < 0) die("socket");
  if (connect(client, (struct sockaddr*)&addr, sizeof addr) < 0) die("connect");
  int server = accept(listener, NULL, NULL);
  if (server < 0) die("accept");
  memset(buf, 't', sizeof buf);
  if (send(client, buf, sizeof buf, 0) < 0) die("send");
  for (size_t got = 0; got < sizeof buf;) {
    ssize_t n = recv(server, buf, sizeof buf - got, 0);
    if (n <= 0) break;
    got += (size_t)n;
  }
  close(client);
  close(server);
}

static void do_udp(void) {
  static int receiver = -1, sender = -1;
  static struct sockaddr_in addr;
  char buf[512];
  if (receiver < 0) {
    receiver = bound_socket(SOCK_DGRAM, &addr);
    if ((sender = socket(AF_INET, SOCK_DGRAM, 0)) < 0) die("socket");
  }
  memset(buf, 'u', sizeof buf);
  if (sendto(sender, buf, sizeof buf, 0, (struct sockaddr*)&addr, sizeof addr) < 0) die("sendto");
  recvfrom(receiver, buf, sizeof buf, MSG_DONTWAIT, NULL, NULL);
}

static void do_dns(void) {
  struct addrinfo hints, *result = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo("localhost", "80", &hints, &result) == 0) freeaddrinfo(result);
}

static void do_fsync(void) {
  static int fd = -1;
  static char buf[64 * 1024];
  if (fd < 0) {
    const char* path = g_mode_arg1;
    if (!path) {
      snprintf(g_tmpfile, sizeof g_tmpfile, "/var/tmp/evwk_fsync.%d", (int)getpid());
      path = g_tmpfile;
    }
    if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) die("open for fsync");
    memset(buf, 'f', sizeof buf);
  }
  if (pwrite(fd, buf, sizeof buf, 0) < 0) die("pwrite");
  if (fdatasync(fd) < 0) die("fdatasync");
}

struct mode {
  const char* name;
  void (*run)(void);
  int pause; /* sleep PAUSE_US after each iteration */
};

static const struct mode k_modes[] = {
    {"syscalls", do_syscalls, 1}, {"open", do_open, 1},
    {"openfail", do_openfail, 1}, {"read", do_read, 1},
    {"write", do_write, 1},       {"unlink", do_unlink, 1},
    {"rename", do_rename, 1},     {"chmod", do_chmod, 1},
    {"stat", do_stat, 1},         {"pagefault", do_pagefault, 1},
    {"brk", do_brk, 1},           {"mmap", do_mmap, 1},
    {"malloc", do_malloc, 1},     {"fork", do_fork, 1},
    {"exec", do_exec, 1},         {"thread", do_thread, 1},
    {"kill", do_kill, 1},         {"sleep", do_sleep, 0},
    {"cpu", do_cpu, 1},           {"tcp", do_tcp, 1},
    {"udp", do_udp, 1},           {"dns", do_dns, 1},
    {"fsync", do_fsync, 1},
};

static void usage(void) {
  fprintf(stderr, "usage: evwk [--name COMM] [--seconds S] [--count N] MODE [ARGS]\nmodes:");
  for (size_t i = 0; i < sizeof k_modes / sizeof k_modes[0]; i++) fprintf(stderr, " %s", k_modes[i].name);
  fprintf(stderr, "\n");
  exit(2);
}

static void cleanup(void) {
  if (g_tmpfile[0]) unlink(g_tmpfile);
  if (g_tmpdir[0]) rmdir(g_tmpdir);
}

int main(int argc, char** argv) {
  const char* name = NULL;
  double seconds = 10;
  long count = 0;
  int i = 1;
  for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
    if (i + 1 >= argc) usage();
    if (strcmp(argv[i], "--name") == 0) {
      name = argv[i + 1];
    } else if (strcmp(argv[i], "--seconds") == 0) {
      char* end = NULL;
      seconds = strtod(argv[i + 1], &end);
      if (*end != '\0' || seconds < 0) usage();
    } else if (strcmp(argv[i], "--count") == 0) {
      count = arg_long(argv[i + 1], 0);
    } else {
      usage();
    }
  }
  if (i >= argc) usage();
  const struct mode* mode = NULL;
  for (size_t m = 0; m < sizeof k_modes / sizeof k_modes[0]; m++)
    if (strcmp(argv[i], k_modes[m].name) == 0) mode = &k_modes[m];
  if (!mode) usage();
  g_mode_arg1 = i + 1 < argc ? argv[i + 1] : NULL;
  g_mode_arg2 = i + 2 < argc ? argv[i + 2] : NULL;

  /* The comm first, so that every traced event of this process carries it. */
  if (name) {
    snprintf(g_comm, sizeof g_comm, "%s", name);
  } else {
    snprintf(g_comm, sizeof g_comm, "evwk_%s", mode->name);
  }
  prctl(PR_SET_NAME, g_comm, 0, 0, 0);

  ssize_t len = readlink("/proc/self/exe", g_self, sizeof g_self - 1);
  if (len < 0) die("readlink /proc/self/exe");
  g_self[len] = '\0';

  struct sigaction stop = {0}, usr1 = {0};
  stop.sa_handler = on_stop;
  sigaction(SIGTERM, &stop, NULL);
  sigaction(SIGINT, &stop, NULL);
  usr1.sa_handler = on_usr1;
  sigaction(SIGUSR1, &usr1, NULL);

  double deadline = now_seconds() + seconds;
  for (long done = 0; !g_stop && now_seconds() < deadline && (count == 0 || done < count); done++) {
    mode->run();
    if (mode->pause) usleep(PAUSE_US);
  }
  cleanup();
  return 0;
}
