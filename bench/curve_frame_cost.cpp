// curve_frame_cost: what CURVE's encryption alone costs a bus round trip, measured with the
// same primitive libzmq 4.3.4 uses for every frame of a CURVE connection (a MESSAGE
// command: crypto_box_afternm over a zero-padded copy of the frame, then the box copied
// into a new message; crypto_box_open_afternm on the other side).
//
// A cedu round trip crosses four hops (client → broker → worker → broker → client), each a
// header frame and a body frame, each encrypted by its sender and opened by its receiver.
// Given the plain broker's measured round trips per second on `--cores` cores, it prints
// the best CURVE/plain throughput ratio possible if encryption were the only extra work.
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <CLI/CLI.hpp>

namespace {

struct Cost {
  double seal_us = 0;
  double open_us = 0;
};

// Seal and open `bytes`-byte frames `n` times each, the way libzmq's curve mechanism does.
Cost frame_cost(std::size_t bytes, int n) {
  unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
  unsigned char key[crypto_box_BEFORENMBYTES], nonce[crypto_box_NONCEBYTES] = {};
  crypto_box_keypair(pk, sk);
  if (crypto_box_beforenm(key, pk, sk) != 0) return {};
  const std::size_t mlen = crypto_box_ZEROBYTES + 1 + bytes;  // + the flags byte
  using Clock = std::chrono::steady_clock;
  volatile unsigned char sink = 0;
  const auto t0 = Clock::now();
  const std::size_t boxed = mlen - crypto_box_BOXZEROBYTES;
  for (int i = 0; i < n; ++i) {
    // libzmq allocates the padded plaintext, the box and the outgoing message per frame.
    std::unique_ptr<unsigned char[]> plain(new unsigned char[mlen]());
    std::unique_ptr<unsigned char[]> box(new unsigned char[mlen]);
    std::memset(plain.get() + crypto_box_ZEROBYTES + 1, i & 0xff, bytes);
    nonce[0] = static_cast<unsigned char>(i);
    (void)crypto_box_afternm(box.get(), plain.get(), mlen, nonce, key);
    std::unique_ptr<unsigned char[]> message(new unsigned char[16 + boxed]);
    std::memcpy(message.get() + 16, box.get() + crypto_box_BOXZEROBYTES, boxed);
    sink = sink ^ message[16 + boxed - 1];
  }
  const auto t1 = Clock::now();
  std::vector<unsigned char> plain(mlen), box(mlen), out(mlen);
  (void)crypto_box_afternm(box.data(), plain.data(), mlen, nonce, key);
  for (int i = 0; i < n; ++i) {
    std::vector<unsigned char> opened(mlen);
    if (crypto_box_open_afternm(opened.data(), box.data(), mlen, nonce, key) != 0) return {};
    sink = sink ^ opened.back();
  }
  const auto t2 = Clock::now();
  auto us = [n](Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count() / n; };
  return {us(t1 - t0), us(t2 - t1)};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"curve_frame_cost: CURVE's per-frame encryption cost and the ratio it allows"};
  std::size_t header = 80, body = 201;
  int n = 300000, cores = 2;
  double plain_rate = 0;
  app.add_option("--header", header, "header frame bytes (CEDU01, command byte, header map)");
  app.add_option("--body", body, "body frame bytes (bus_bench's payload: 201)");
  app.add_option("--iterations", n, "frames sealed and opened per size");
  app.add_option("--plain-rate", plain_rate, "plain cedu-bus round trips/s measured by bus_bench");
  app.add_option("--cores", cores, "cores the bus_bench processes shared");
  CLI11_PARSE(app, argc, argv);
  if (sodium_init() < 0) {
    std::fprintf(stderr, "libsodium did not initialise\n");
    return 1;
  }
  const Cost h = frame_cost(header, n);
  const Cost b = frame_cost(body, n);
  const double hop_us = h.seal_us + h.open_us + b.seal_us + b.open_us;
  const double round_trip_us = 4 * hop_us;
  std::printf("| frame | bytes | seal µs | open µs |\n|---|---:|---:|---:|\n");
  std::printf("| header | %zu | %.2f | %.2f |\n| body | %zu | %.2f | %.2f |\n", header, h.seal_us,
              h.open_us, body, b.seal_us, b.open_us);
  std::printf("\nencryption per round trip (4 hops x 2 frames, sealed and opened): %.1f µs of CPU\n",
              round_trip_us);
  if (plain_rate > 0) {
    const double plain_us = cores * 1e6 / plain_rate;
    std::printf("plain round trip: %.1f µs of CPU (%d cores / %.0f per s)\n", plain_us, cores,
                plain_rate);
    std::printf("best CURVE/plain throughput ratio with encryption the only extra work: %.2f\n",
                plain_us / (plain_us + round_trip_us));
  }
  return 0;
}
