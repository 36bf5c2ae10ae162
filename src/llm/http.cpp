// libcurl multi-interface POST: curl_multi_poll watches the stop-signal pipe too, so Ctrl-C is immediate.
#include "llm/http.h"

#include <curl/curl.h>
#include <poll.h>

#include <chrono>
#include <cstdlib>
#include <mutex>

namespace gpttrace {

namespace {

struct Transfer {
  const HttpRequest* request = nullptr;
  HttpResponse* response = nullptr;
  CURL* easy = nullptr;
  size_t received = 0;
  bool oversized = false;
  bool consumer_stopped = false;
};

long status_of(CURL* easy) {
  long status = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  return status;
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  t->received += n;
  if (t->received > t->request->max_response_bytes) {
    t->oversized = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  long status = status_of(t->easy);
  if (t->request->on_data && status >= 200 && status < 300) {
    if (!t->request->on_data(std::string_view(data, n))) {
      t->consumer_stopped = true;
      return 0;
    }
  } else {
    t->response->body.append(data, n);
  }
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    bool match = true;
    for (size_t i = 0; i < kName.size() && match; ++i) match = std::tolower(line[i]) == kName[i];
    if (match) {
      std::string value(line.substr(kName.size()));
      char* end = nullptr;
      double seconds = std::strtod(value.c_str(), &end);
      if (end != value.c_str() && seconds >= 0) t->response->retry_after = seconds;
    }
  }
  return size * count;
}

bool stop_requested(int fd) {
  if (fd < 0) return false;
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & POLLIN) != 0;
}

HttpFailure classify(CURLcode code, const Transfer& t, CURL* easy) {
  switch (code) {
    case CURLE_OK:
      return HttpFailure::None;
    case CURLE_COULDNT_CONNECT:
      return HttpFailure::Refused;
    case CURLE_COULDNT_RESOLVE_HOST:
      return HttpFailure::Dns;
    case CURLE_OPERATION_TIMEDOUT: {
      curl_off_t connect_us = 0;
      curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
      return connect_us == 0 ? HttpFailure::ConnectTimeout : HttpFailure::Timeout;
    }
    case CURLE_WRITE_ERROR:
      return t.oversized ? HttpFailure::Oversized : t.consumer_stopped ? HttpFailure::Other : HttpFailure::Cut;
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return HttpFailure::Cut;
    default:
      return HttpFailure::Other;
  }
}

}  // namespace

HttpResponse http_post(const HttpRequest& request) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  auto started = std::chrono::steady_clock::now();
  HttpResponse response;
  Transfer t{&request, &response};
  CURL* easy = curl_easy_init();
  CURLM* multi = curl_multi_init();
  t.easy = easy;
  curl_slist* headers = nullptr;
  for (const std::string& h : request.headers) headers = curl_slist_append(headers, h.c_str());
  curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.c_str());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout_seconds * 1000));
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_seconds * 1000));
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  // Proxies from the environment could see the key; the provider URL is what the user configured.
  curl_easy_setopt(easy, CURLOPT_NOPROXY, "*");
  curl_multi_add_handle(multi, easy);

  CURLcode result = CURLE_OK;
  bool done = false;
  while (!done) {
    int running = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      result = CURLE_FAILED_INIT;
      break;
    }
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
      if (msg->msg == CURLMSG_DONE) {
        result = msg->data.result;
        done = true;
      }
    }
    if (done) break;
    curl_waitfd extra{request.stop_fd, CURL_WAIT_POLLIN, 0};
    curl_multi_poll(multi, request.stop_fd >= 0 ? &extra : nullptr, request.stop_fd >= 0 ? 1 : 0, 200, nullptr);
    if (stop_requested(request.stop_fd)) {
      response.failure = HttpFailure::Interrupted;
      response.detail = "interrupted";
      break;
    }
  }
  if (response.failure == HttpFailure::None) {
    response.failure = classify(result, t, easy);
    if (response.failure != HttpFailure::None) response.detail = curl_easy_strerror(result);
  }
  response.status = status_of(easy);
  curl_multi_remove_handle(multi, easy);
  curl_multi_cleanup(multi);
  curl_easy_cleanup(easy);
  curl_slist_free_all(headers);
  response.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return response;
}

}  // namespace gpttrace
