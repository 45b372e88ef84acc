// AF_PACKET sockets for ARP / NDP: whole Ethernet frames in and out of one interface, read on
// Node's own event loop. Node has no AF_PACKET, and ARP has no IP socket at all (DESIGN.md,
// "Why these choices"), hence this file.
//
// JS: const s = new PacketSocket(ifname, protocol, (frames, types, stamps, err) => ...);
//     s.send(frame); s.addMembership(mac, true|false); s.setPromiscuous(on); s.close();
//     s.stats() -> [received, sent, receiveErrors, kernelDrops]; s.ref(); s.unref(); s.ifindex
// - The socket is created with protocol 0 (receiving nothing) and only then bound to the
//   protocol and the ifindex, so no frame of another interface is ever queued on it.
// - A uv_poll (level-triggered) wakes us; each wakeup reads up to kBatch frames with recvmsg
//   and hands them to JS in one call, so a flood never holds the loop for long: what is left
//   wakes the poll again. PACKET_OUTGOING (our own and the host's sends) is skipped.
// - A VLAN tag the NIC (or veth) took off is put back from PACKET_AUXDATA, as libpcap does,
//   so the frame reads as it was on the wire.
// - SO_TIMESTAMPNS: each frame comes with the kernel's receive time (SCM_TIMESTAMPNS,
//   CLOCK_REALTIME, taken when the frame entered the receive path, before any wakeup of
//   ours), handed over as one BigInt64Array of nanoseconds per batch; realtimeNs() reads the
//   same clock, as ping(8) does with SO_TIMESTAMP to time a reply at the wire.
// - close() stops the poll and closes the fd at once; the callback never runs after it.
//
// interfaceInfo(ifname) -> [index, mac(Buffer), mtu, flags, hardwareType] by ioctl, and
// listInterfaces() -> [[index, name], ...] by if_nameindex(3).
// realtimeNs() -> BigInt, clock_gettime(CLOCK_REALTIME): the clock of the receive times.
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

#include <memory>
#include <vector>

#include "addon.h"
#include "errors.h"

namespace native_net {

namespace {

constexpr int kBatch = 64;
constexpr size_t kFrameBuffer = 65536 + 4;  // largest frame plus a re-inserted VLAN tag
// Room for both control messages we ask for: PACKET_AUXDATA and SCM_TIMESTAMPNS.
constexpr size_t kControlBuffer =
    CMSG_SPACE(sizeof(tpacket_auxdata)) + CMSG_SPACE(sizeof(struct timespec));

int64_t Nanoseconds(const struct timespec& ts) {
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + static_cast<int64_t>(ts.tv_nsec);
}

// ifname -> ifindex, or throws ENODEV naming the interface.
unsigned int IndexOf(Napi::Env env, const std::string& ifname) {
  unsigned int index = if_nametoindex(ifname.c_str());
  if (index == 0) {
    int err = errno == 0 ? ENODEV : errno;
    throw ErrnoError(env, err, ("if_nametoindex(" + ifname + ")").c_str());
  }
  return index;
}

class PacketSocket : public Napi::ObjectWrap<PacketSocket> {
 public:
  static void Init(Napi::Env env, Napi::Object exports) {
    Napi::Function ctor = DefineClass(
        env, "PacketSocket",
        {InstanceMethod("send", &PacketSocket::Send),
         InstanceMethod("addMembership", &PacketSocket::Membership),
         InstanceMethod("setPromiscuous", &PacketSocket::SetPromiscuous),
         InstanceMethod("close", &PacketSocket::Close),
         InstanceMethod("stats", &PacketSocket::Stats), InstanceMethod("ref", &PacketSocket::Ref_),
         InstanceMethod("unref", &PacketSocket::Unref_),
         InstanceAccessor("ifindex", &PacketSocket::IfIndex, nullptr)});
    exports.Set("PacketSocket", ctor);
  }

  explicit PacketSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<PacketSocket>(info) {
    Napi::Env env = info.Env();
    std::string ifname = ArgString(info, 0, "PacketSocket(ifname, protocol, callback): ifname");
    int protocol = ArgInt(info, 1, "PacketSocket: protocol must be a number");
    if (protocol < 1 || protocol > 0xffff) ThrowArgError(env, "PacketSocket: protocol 1..65535");
    if (!info[2].IsFunction()) ThrowArgError(env, "PacketSocket: callback must be a function");
    ifindex_ = IndexOf(env, ifname);
    protocol_ = static_cast<uint16_t>(protocol);
    Open(env);
    StartPoll(env);
    env_ = env;
    callback_ = Napi::Persistent(info[2].As<Napi::Function>());
    context_ = std::make_unique<Napi::AsyncContext>(env, "native-net:packet");
    buffer_.resize(kFrameBuffer);
    napi_add_env_cleanup_hook(env, OnEnvCleanup, this);
    Ref();  // alive while open, even if JS drops the object
  }

  ~PacketSocket() override { Shutdown(); }

 private:
  void Open(Napi::Env env) {
    fd_ = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw ErrnoError(env, errno, "socket(AF_PACKET)");
    sockaddr_ll addr{};
    addr.sll_family = AF_PACKET;
    addr.sll_protocol = htons(protocol_);
    addr.sll_ifindex = static_cast<int>(ifindex_);
    int on = 1;
    const char* failed = nullptr;
    // A responder's traffic is bursty (an ARP storm, thousands of requests at once) and it
    // shares the CPU: the default 208 KiB receive buffer overflowed in the ARP flood bench while
    // the process waited for a core (643 of 350,000 requests lost). Ask for 4 MiB; beyond
    // rmem_max that needs CAP_NET_ADMIN (SO_RCVBUFFORCE), else the capped SO_RCVBUF is kept.
    // Best effort: a smaller buffer is not a reason to fail.
    int rcvbuf = 4 * 1024 * 1024;
    if (setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) != 0) {
      (void)setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
    }
    if (setsockopt(fd_, SOL_PACKET, PACKET_AUXDATA, &on, sizeof(on)) != 0) {
      failed = "setsockopt(PACKET_AUXDATA)";
    } else if (setsockopt(fd_, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) != 0) {
      failed = "setsockopt(SO_TIMESTAMPNS)";
    } else if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      failed = "bind(AF_PACKET)";
    }
    if (failed != nullptr) {
      int err = errno;
      close(fd_);
      fd_ = -1;
      throw ErrnoError(env, err, failed);
    }
  }

  void StartPoll(Napi::Env env) {
    uv_loop_t* loop = nullptr;
    int rc = napi_get_uv_event_loop(env, &loop) == napi_ok ? 0 : UV_EINVAL;
    if (rc == 0) {
      poll_ = new uv_poll_t;
      rc = uv_poll_init(loop, poll_, fd_);
      if (rc != 0) {
        delete poll_;
        poll_ = nullptr;
      } else {
        poll_->data = this;
        rc = uv_poll_start(poll_, UV_READABLE, OnPoll);
      }
    }
    if (rc != 0) {
      Shutdown();
      throw ErrnoError(env, -rc, "uv_poll_start");
    }
  }

  static void OnPoll(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<PacketSocket*>(handle->data);
    if (self->fd_ < 0) return;
    int error = 0;
    if (status < 0) {
      // POLLERR: libuv has stopped the handle. The socket's pending error (ENETDOWN when the
      // interface goes away) is read, and so cleared, here; then polling goes on.
      socklen_t length = sizeof(error);
      if (getsockopt(self->fd_, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
      if (error == 0) error = -status;
      self->receiveErrors_++;
      uv_poll_start(handle, UV_READABLE, OnPoll);
    }
    self->Drain(error);
  }

  // Reads up to kBatch frames, then calls JS once (if there is anything to say).
  void Drain(int error) {
    if (env_ == nullptr) return;
    Napi::Env env(env_);
    Napi::HandleScope scope(env);
    Napi::Array frames = Napi::Array::New(env);
    uint8_t types[kBatch];
    int64_t stamps[kBatch];
    size_t count = 0;
    for (int i = 0; i < kBatch && error == 0; i++) {
      uint8_t type = 0;
      int64_t stamp = 0;
      ssize_t n = ReadOne(&type, &stamp, &error);
      if (n < 0) break;
      if (type == PACKET_OUTGOING) continue;
      frames.Set(static_cast<uint32_t>(count),
                 Napi::Buffer<uint8_t>::Copy(env, buffer_.data(), static_cast<size_t>(n)));
      types[count] = type;
      stamps[count] = stamp;
      count++;
      framesReceived_++;
    }
    if (count == 0 && error == 0) return;
    Napi::Buffer<uint8_t> typeArray = Napi::Buffer<uint8_t>::Copy(env, types, count);
    Napi::BigInt64Array stampArray = Napi::BigInt64Array::New(env, count);
    if (count > 0) memcpy(stampArray.Data(), stamps, count * sizeof(int64_t));
    napi_value err = error == 0 ? env.Null() : ErrnoError(env, error, "recvmsg").Value();
    try {
      callback_.MakeCallback(Value(), {frames, typeArray, stampArray, err}, *context_);
    } catch (const Napi::Error& e) {
      napi_fatal_exception(env_, e.Value());
    }
  }

  // One frame into buffer_: its length, or -1 (EAGAIN: nothing left; else *error is set).
  // *stampNs: the kernel's receive time (CLOCK_REALTIME ns), 0 when it attached none.
  ssize_t ReadOne(uint8_t* type, int64_t* stampNs, int* error) {
    sockaddr_ll from{};
    alignas(cmsghdr) char control[kControlBuffer];
    iovec iov{buffer_.data(), kFrameBuffer - 4};
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof(from);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    ssize_t n;
    do n = recvmsg(fd_, &msg, MSG_TRUNC);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        *error = errno;
        receiveErrors_++;
      }
      return -1;
    }
    *type = from.sll_pkttype;
    if (static_cast<size_t>(n) > kFrameBuffer - 4) {  // cannot happen below 64 KiB MTUs
      receiveErrors_++;
      *type = PACKET_OUTGOING;  // dropped like our own sends
      return 0;
    }
    // MSG_CTRUNC cannot happen with kControlBuffer; if it did, the walk sees what fit.
    size_t length = static_cast<size_t>(n);
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
        struct timespec ts;
        memcpy(&ts, CMSG_DATA(c), sizeof(ts));
        *stampNs = Nanoseconds(ts);
      } else if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA) {
        tpacket_auxdata aux;
        memcpy(&aux, CMSG_DATA(c), sizeof(aux));
        length = ReinsertVlan(aux, length);
      }
    }
    return static_cast<ssize_t>(length);
  }

  // The frame's length after putting back the VLAN tag `aux` carries (if any).
  size_t ReinsertVlan(const tpacket_auxdata& aux, size_t n) {
    if ((aux.tp_status & TP_STATUS_VLAN_VALID) == 0 || n < 12) return n;
    uint16_t tpid =
        (aux.tp_status & TP_STATUS_VLAN_TPID_VALID) != 0 ? aux.tp_vlan_tpid : ETH_P_8021Q;
    uint8_t* p = buffer_.data();
    memmove(p + 16, p + 12, n - 12);
    uint16_t tag[2] = {htons(tpid), htons(aux.tp_vlan_tci)};
    memcpy(p + 12, tag, sizeof(tag));
    return n + 4;
  }

  void CheckOpen(Napi::Env env) {
    if (fd_ < 0) throw ErrnoError(env, EBADF, "packet socket (closed)");
  }

  // send(frame: Uint8Array): void, to the destination MAC in the frame's first 6 bytes.
  Napi::Value Send(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsTypedArray()) ThrowArgError(env, "send(frame): frame must be a Uint8Array");
    Napi::Uint8Array frame = info[0].As<Napi::Uint8Array>();
    if (frame.ByteLength() < ETH_HLEN) ThrowArgError(env, "send(frame): shorter than 14 bytes");
    CheckOpen(env);
    sockaddr_ll to{};
    to.sll_family = AF_PACKET;
    to.sll_ifindex = static_cast<int>(ifindex_);
    to.sll_halen = ETH_ALEN;
    memcpy(to.sll_addr, frame.Data(), ETH_ALEN);
    memcpy(&to.sll_protocol, frame.Data() + 12, 2);
    ssize_t n;
    do n = sendto(fd_, frame.Data(), frame.ByteLength(), 0, reinterpret_cast<sockaddr*>(&to),
                  sizeof(to));
    while (n < 0 && errno == EINTR);
    if (n < 0) throw ErrnoError(env, errno, "sendto");
    framesSent_++;
    return env.Undefined();
  }

  // addMembership(mac: Uint8Array(6), add: boolean): PACKET_MR_MULTICAST on this interface.
  Napi::Value Membership(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsTypedArray() || info[0].As<Napi::Uint8Array>().ByteLength() != ETH_ALEN) {
      ThrowArgError(env, "addMembership(mac, add): mac must be 6 bytes");
    }
    bool add = info[1].ToBoolean().Value();
    packet_mreq mreq{};
    mreq.mr_ifindex = static_cast<int>(ifindex_);
    mreq.mr_type = PACKET_MR_MULTICAST;
    mreq.mr_alen = ETH_ALEN;
    memcpy(mreq.mr_address, info[0].As<Napi::Uint8Array>().Data(), ETH_ALEN);
    SetMembership(env, &mreq, add);
    return env.Undefined();
  }

  // setPromiscuous(on: boolean): PACKET_MR_PROMISC, which the kernel undoes on close.
  Napi::Value SetPromiscuous(const Napi::CallbackInfo& info) {
    packet_mreq mreq{};
    mreq.mr_ifindex = static_cast<int>(ifindex_);
    mreq.mr_type = PACKET_MR_PROMISC;
    SetMembership(info.Env(), &mreq, info[0].ToBoolean().Value());
    return info.Env().Undefined();
  }

  void SetMembership(Napi::Env env, packet_mreq* mreq, bool add) {
    CheckOpen(env);
    int option = add ? PACKET_ADD_MEMBERSHIP : PACKET_DROP_MEMBERSHIP;
    if (setsockopt(fd_, SOL_PACKET, option, mreq, sizeof(*mreq)) != 0) {
      throw ErrnoError(env, errno,
                       add ? "setsockopt(PACKET_ADD_MEMBERSHIP)" : "setsockopt(PACKET_DROP_MEMBERSHIP)");
    }
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (fd_ >= 0) {
      Shutdown();
      Unref();
    }
    return info.Env().Undefined();
  }

  Napi::Value Stats(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    ReadKernelStats();
    Napi::Array out = Napi::Array::New(env, 4);
    out.Set(0u, Napi::Number::New(env, static_cast<double>(framesReceived_)));
    out.Set(1u, Napi::Number::New(env, static_cast<double>(framesSent_)));
    out.Set(2u, Napi::Number::New(env, static_cast<double>(receiveErrors_)));
    out.Set(3u, Napi::Number::New(env, static_cast<double>(kernelDrops_)));
    return out;
  }

  // PACKET_STATISTICS: frames the kernel dropped because the receive buffer was full. Reading
  // resets the kernel's counts, so they are added up here; read again before close.
  void ReadKernelStats() {
    if (fd_ < 0) return;
    tpacket_stats stats{};
    socklen_t length = sizeof(stats);
    if (getsockopt(fd_, SOL_PACKET, PACKET_STATISTICS, &stats, &length) == 0) {
      kernelDrops_ += stats.tp_drops;
    }
  }

  Napi::Value Ref_(const Napi::CallbackInfo& info) {
    if (poll_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(poll_));
    return info.Env().Undefined();
  }

  Napi::Value Unref_(const Napi::CallbackInfo& info) {
    if (poll_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
    return info.Env().Undefined();
  }

  Napi::Value IfIndex(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), ifindex_);
  }

  static void OnClose(uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); }

  // The process or a worker exiting with the socket open.
  static void OnEnvCleanup(void* arg) { static_cast<PacketSocket*>(arg)->Shutdown(); }

  // Stops the poll before closing the fd (libuv must not poll a closed fd). Idempotent.
  void Shutdown() {
    if (poll_ != nullptr) {
      uv_poll_stop(poll_);
      uv_close(reinterpret_cast<uv_handle_t*>(poll_), OnClose);
      poll_ = nullptr;
    }
    if (fd_ >= 0) {
      ReadKernelStats();
      close(fd_);  // Linux frees the fd even on EINTR
      fd_ = -1;
    }
    // callback_ and context_ stay until the destructor: close() may run inside the callback.
    if (env_ != nullptr) {
      napi_remove_env_cleanup_hook(env_, OnEnvCleanup, this);
      env_ = nullptr;
    }
  }

  int fd_ = -1;
  unsigned int ifindex_ = 0;
  uint16_t protocol_ = 0;
  napi_env env_ = nullptr;
  uv_poll_t* poll_ = nullptr;
  Napi::FunctionReference callback_;
  std::unique_ptr<Napi::AsyncContext> context_;
  std::vector<uint8_t> buffer_;
  uint64_t framesReceived_ = 0;
  uint64_t framesSent_ = 0;
  uint64_t receiveErrors_ = 0;
  uint64_t kernelDrops_ = 0;
};

// interfaceInfo(ifname): [index, mac: Buffer, mtu, flags, hardwareType] (SIOCGIF* ioctls).
Napi::Value InterfaceInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string ifname = ArgString(info, 0, "interfaceInfo(ifname): ifname must be a string");
  if (ifname.empty() || ifname.size() >= IFNAMSIZ) ThrowArgError(env, "interfaceInfo: ifname");
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw ErrnoError(env, errno, "socket");
  ifreq req[4];
  const unsigned long requests[4] = {SIOCGIFINDEX, SIOCGIFHWADDR, SIOCGIFMTU, SIOCGIFFLAGS};
  const char* names[4] = {"ioctl(SIOCGIFINDEX)", "ioctl(SIOCGIFHWADDR)", "ioctl(SIOCGIFMTU)",
                          "ioctl(SIOCGIFFLAGS)"};
  for (int i = 0; i < 4; i++) {
    memset(&req[i], 0, sizeof(ifreq));
    memcpy(req[i].ifr_name, ifname.data(), ifname.size());
    if (ioctl(fd, requests[i], &req[i]) != 0) {
      int err = errno;
      close(fd);
      throw ErrnoError(env, err, (std::string(names[i]) + " " + ifname).c_str());
    }
  }
  close(fd);
  Napi::Array out = Napi::Array::New(env, 5);
  out.Set(0u, Napi::Number::New(env, req[0].ifr_ifindex));
  out.Set(1u, Napi::Buffer<uint8_t>::Copy(
                  env, reinterpret_cast<const uint8_t*>(req[1].ifr_hwaddr.sa_data), ETH_ALEN));
  out.Set(2u, Napi::Number::New(env, req[2].ifr_mtu));
  out.Set(3u, Napi::Number::New(env, static_cast<uint16_t>(req[3].ifr_flags)));
  out.Set(4u, Napi::Number::New(env, req[1].ifr_hwaddr.sa_family));
  return out;
}

// realtimeNs(): clock_gettime(CLOCK_REALTIME) as a BigInt of nanoseconds, the clock of the
// SCM_TIMESTAMPNS receive times above (the kernel stamps skbs with ktime_get_real()).
Napi::Value RealtimeNs(const Napi::CallbackInfo& info) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return Napi::BigInt::New(info.Env(), Nanoseconds(ts));
}

// listInterfaces(): [[index, name], ...] in this network namespace.
Napi::Value ListInterfaces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  struct if_nameindex* list = if_nameindex();
  if (list == nullptr) throw ErrnoError(env, errno, "if_nameindex");
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (struct if_nameindex* p = list; p->if_index != 0 && p->if_name != nullptr; p++) {
    Napi::Array entry = Napi::Array::New(env, 2);
    entry.Set(0u, Napi::Number::New(env, p->if_index));
    entry.Set(1u, Napi::String::New(env, p->if_name));
    out.Set(n++, entry);
  }
  if_freenameindex(list);
  return out;
}

}  // namespace

void InitPacketSocket(Napi::Env env, Napi::Object exports) {
  PacketSocket::Init(env, exports);
  exports.Set("interfaceInfo", Napi::Function::New(env, InterfaceInfo, "interfaceInfo"));
  exports.Set("listInterfaces", Napi::Function::New(env, ListInterfaces, "listInterfaces"));
  exports.Set("realtimeNs", Napi::Function::New(env, RealtimeNs, "realtimeNs"));
}

}  // namespace native_net
