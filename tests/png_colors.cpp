// png_colors FILE.png: prints the number of distinct colors of an 8-bit RGB/RGBA, non-interlaced PNG (what
// headless Chromium writes), so a test can tell a rendered page from a blank one. Exit 1 on other PNGs.
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

namespace {

uint32_t be32(const unsigned char* p) { return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3]; }

int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

int fail(const char* why) {
  std::fprintf(stderr, "png_colors: %s\n", why);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return fail("usage: png_colors FILE.png");
  std::ifstream in(argv[1], std::ios::binary);
  const std::vector<unsigned char> png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (png.size() < 33 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') return fail("not a PNG file");
  uint32_t width = 0, height = 0;
  int channels = 0;
  std::vector<unsigned char> compressed;
  for (size_t at = 8; at + 12 <= png.size();) {
    const uint32_t length = be32(&png[at]);
    const std::string type(png.begin() + static_cast<long>(at) + 4, png.begin() + static_cast<long>(at) + 8);
    if (at + 12 + length > png.size()) return fail("truncated chunk");
    const unsigned char* data = &png[at + 8];
    if (type == "IHDR") {
      width = be32(data);
      height = be32(data + 4);
      if (data[8] != 8 || data[12] != 0) return fail("only 8-bit, non-interlaced images");
      channels = data[9] == 2 ? 3 : data[9] == 6 ? 4 : 0;
      if (channels == 0) return fail("only RGB and RGBA images");
    } else if (type == "IDAT") {
      compressed.insert(compressed.end(), data, data + length);
    }
    at += 12 + length;
  }
  const size_t stride = static_cast<size_t>(width) * channels;
  std::vector<unsigned char> raw((stride + 1) * height);
  uLongf raw_size = raw.size();
  if (width == 0 || uncompress(raw.data(), &raw_size, compressed.data(), compressed.size()) != Z_OK ||
      raw_size != raw.size())
    return fail("cannot inflate the image data");
  std::vector<unsigned char> prev(stride, 0), row(stride);
  std::set<uint32_t> colors;
  for (uint32_t y = 0; y < height; ++y) {
    const unsigned char filter = raw[y * (stride + 1)];
    const unsigned char* line = &raw[y * (stride + 1) + 1];
    for (size_t x = 0; x < stride; ++x) {
      const int a = x >= static_cast<size_t>(channels) ? row[x - channels] : 0, b = prev[x];
      const int c = x >= static_cast<size_t>(channels) ? prev[x - channels] : 0;
      const int predictor = filter == 0 ? 0 : filter == 1 ? a : filter == 2 ? b : filter == 3 ? (a + b) / 2 : paeth(a, b, c);
      row[x] = static_cast<unsigned char>(line[x] + predictor);
    }
    for (size_t x = 0; x + 2 < stride; x += channels)
      colors.insert((uint32_t{row[x]} << 16) | (uint32_t{row[x + 1]} << 8) | row[x + 2]);
    prev = row;
  }
  std::printf("%zu\n", colors.size());
  return 0;
}
