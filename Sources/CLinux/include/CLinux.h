#ifndef PORTICO_CLINUX_H
#define PORTICO_CLINUX_H

// Linux interfaces that Glibc's Swift overlay does not import (epoll, eventfd, sendfile),
// plus accessors for `struct epoll_event`, which is packed on x86_64 and awkward to reach from Swift.

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdint.h>
#include <errno.h>

static inline int clinux_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &event);
}

static inline uint64_t clinux_epoll_event_data(const struct epoll_event *events, int index) {
    return events[index].data.u64;
}

static inline uint32_t clinux_epoll_event_flags(const struct epoll_event *events, int index) {
    return events[index].events;
}

/// accept4(2) and pthread_setname_np(3) need _GNU_SOURCE, so they are wrapped in shim.c.
int clinux_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
/// Names the calling thread (at most 15 characters), for `top -H` and debuggers.
void clinux_set_thread_name(const char *name);
/// Sets the calling thread's nice value (Linux schedules threads individually); 0 on success.
int clinux_set_thread_nice(int nice);
/// The calling thread's nice value.
int clinux_thread_nice(void);

static inline int clinux_errno(void) { return errno; }

#endif
