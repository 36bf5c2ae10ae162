// One HTTP POST over libcurl with timeouts, a size cap, streaming delivery and Ctrl-C abort.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpttrace {

// What stopped a transfer before a complete HTTP response arrived (None: a status and body are there).
enum class HttpFailure { None, Refused, Dns, ConnectTimeout, Timeout, Interrupted, Oversized, Cut, Other };

struct HttpRequest {
  std::string url;
  std::string body;
  std::vector<std::string> headers;  // "Name: value"
  double connect_timeout_seconds = 10;
  double timeout_seconds = 120;
  size_t max_response_bytes = 4u << 20;  // the transfer is aborted beyond this (Oversized)
  int stop_fd = -1;  // readable (a stop signal arrived) -> abort at once (Interrupted); -1: not watched
  // Called with each piece of the body as it arrives (only for 2xx answers); return false to abort.
  std::function<bool(std::string_view)> on_data;
};

struct HttpResponse {
  HttpFailure failure = HttpFailure::None;
  long status = 0;
  std::string body;                     // for non-2xx answers, and for 2xx without on_data
  std::optional<double> retry_after;    // seconds, from a Retry-After header
  std::string detail;                   // libcurl's message when failure != None
  double elapsed_ms = 0;
};

// Sends the request and waits, watching `stop_fd` alongside the socket so Ctrl-C aborts immediately.
HttpResponse http_post(const HttpRequest& request);

}  // namespace gpttrace
