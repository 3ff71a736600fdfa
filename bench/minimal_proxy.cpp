#include "bench/minimal_proxy.h"

#include <fstream>

#include <zmq.hpp>
#include <zmq_addon.hpp>

namespace cedu::bench {

int run_minimal_proxy(const std::string& endpoint_file) {
  zmq::context_t ctx(1);
  zmq::socket_t front(ctx, zmq::socket_type::router);
  zmq::socket_t back(ctx, zmq::socket_type::router);
  front.bind("tcp://127.0.0.1:*");
  back.bind("tcp://127.0.0.1:*");
  {
    std::ofstream out(endpoint_file + ".tmp");
    out << front.get(zmq::sockopt::last_endpoint) << '\n'
        << back.get(zmq::sockopt::last_endpoint) << '\n';
  }
  std::rename((endpoint_file + ".tmp").c_str(), endpoint_file.c_str());

  std::string worker;  // routing id of the one worker, learnt from its hello
  std::vector<zmq::message_t> frames;
  zmq::pollitem_t items[] = {{back.handle(), 0, ZMQ_POLLIN, 0}, {front.handle(), 0, ZMQ_POLLIN, 0}};
  while (true) {
    zmq::poll(items, worker.empty() ? 1 : 2, std::chrono::milliseconds(-1));
    if (items[0].revents & ZMQ_POLLIN) {
      // From the worker: [worker, client, payload] or [worker, "hello"].
      while (true) {
        frames.clear();
        if (!zmq::recv_multipart(back, std::back_inserter(frames), zmq::recv_flags::dontwait)) break;
        if (frames.size() == 2) {
          worker = frames[0].to_string();
          continue;
        }
        front.send(frames[1], zmq::send_flags::sndmore);
        front.send(frames[2], zmq::send_flags::none);
      }
    }
    if (!worker.empty() && (items[1].revents & ZMQ_POLLIN)) {
      // From a client: [client, payload] → [worker, client, payload].
      while (true) {
        frames.clear();
        if (!zmq::recv_multipart(front, std::back_inserter(frames), zmq::recv_flags::dontwait)) break;
        back.send(zmq::buffer(worker), zmq::send_flags::sndmore);
        back.send(frames[0], zmq::send_flags::sndmore);
        back.send(frames[1], zmq::send_flags::none);
      }
    }
  }
}

}  // namespace cedu::bench
