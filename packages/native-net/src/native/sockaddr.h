// IP address text -> sockaddr, in the family a given socket expects.
#ifndef NATIVE_NET_SOCKADDR_H_
#define NATIVE_NET_SOCKADDR_H_

#include <stdint.h>
#include <sys/socket.h>

#include <string>

namespace native_net {

// Fills `out` with `address` (IPv4, IPv6, or IPv6 with a `%zone` scope) and `port` in the form
// a socket of `socketFamily` takes. An AF_INET6 socket gets an IPv4 peer as v4-mapped
// (::ffff:192.0.2.1): that is how a dual-stack socket, such as a Node server listening on `::`,
// sees IPv4 peers, and what the kernel matches TCP-MD5 keys against. An AF_INET socket gets a
// v4-mapped address unmapped. Returns 0, EINVAL for text that is no address, or EAFNOSUPPORT
// for an IPv6 address on an AF_INET socket.
int ToSockaddr(const std::string& address, uint16_t port, int socketFamily,
               sockaddr_storage* out, socklen_t* outLength);

// The socket's address family (SO_DOMAIN), or a negated errno value.
int SocketFamily(int fd);

}  // namespace native_net

#endif  // NATIVE_NET_SOCKADDR_H_
