// native-net: the one N-API addon of baremetal-lb.
//
// One file per kind of socket, each with an Init* function that adds its functions to the
// module's exports; addon.cc only calls them:
//   tcp-socket.cc    create / bind / close a non-blocking TCP socket
//   tcp-connect.cc   non-blocking connect(), completion awaited with a uv_poll on the loop
//   tcp-options.cc   TCP_MD5SIG (RFC 2385), IP_MINTTL / IPV6_MINHOPCOUNT (RFC 5082), TTL
//   packet-socket.cc AF_PACKET sockets for ARP / NDP (uv_poll reads), interface info
// Shared helpers: errors.cc (errno -> JS Error with `code`), sockaddr.cc (text -> sockaddr).
#ifndef NATIVE_NET_ADDON_H_
#define NATIVE_NET_ADDON_H_

#include <napi.h>

namespace native_net {

void InitTcpSocket(Napi::Env env, Napi::Object exports);
void InitTcpConnect(Napi::Env env, Napi::Object exports);
void InitTcpOptions(Napi::Env env, Napi::Object exports);
void InitPacketSocket(Napi::Env env, Napi::Object exports);

}  // namespace native_net

#endif  // NATIVE_NET_ADDON_H_
