/*
 * A network probe built with `gcc -static` by the egress tests: a program that links no libc at run
 * time, reads no proxy variables and resolves nothing, so only the kernel can stop it.
 *   probe tcp ADDRESS PORT   connect and send an HTTP GET; prints "ok <first line>" or "refused <errno>"
 *   probe raw ADDRESS        an ICMP echo through a raw socket; prints "reply", "silent" or "refused <errno>"
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static int tcp(const char *address, int port) {
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(port)};
  inet_pton(AF_INET, address, &to.sin_addr);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  struct timeval t = {.tv_sec = 3};
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
  setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &t, sizeof t);
  if (connect(s, (struct sockaddr *)&to, sizeof to) != 0) {
    printf("refused %s\n", strerror(errno));
    return 1;
  }
  const char *get = "GET / HTTP/1.0\r\n\r\n";
  if (write(s, get, strlen(get)) < 0) {
    printf("refused %s\n", strerror(errno));
    return 1;
  }
  char buf[256] = {0};
  ssize_t n = read(s, buf, sizeof buf - 1);
  if (n <= 0) {
    printf("refused %s\n", n == 0 ? "closed" : strerror(errno));
    return 1;
  }
  buf[strcspn(buf, "\r\n")] = 0;
  printf("ok %s\n", buf);
  return 0;
}

static unsigned short checksum(void *data, int len) {
  unsigned int sum = 0;
  unsigned short *p = data;
  for (; len > 1; len -= 2) sum += *p++;
  if (len) sum += *(unsigned char *)p;
  sum = (sum >> 16) + (sum & 0xffff);
  return (unsigned short)~(sum + (sum >> 16));
}

static int raw(const char *address) {
  int s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
  if (s < 0) {
    printf("refused %s\n", strerror(errno));
    return 1;
  }
  struct sockaddr_in to = {.sin_family = AF_INET};
  inet_pton(AF_INET, address, &to.sin_addr);
  struct icmphdr echo = {.type = ICMP_ECHO};
  echo.un.echo.id = htons(getpid() & 0xffff);
  echo.checksum = checksum(&echo, sizeof echo);
  if (sendto(s, &echo, sizeof echo, 0, (struct sockaddr *)&to, sizeof to) < 0) {
    printf("refused %s\n", strerror(errno));
    return 1;
  }
  struct timeval t = {.tv_sec = 1};
  setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &t, sizeof t);
  char buf[512];
  for (;;) {
    ssize_t n = recv(s, buf, sizeof buf, 0);
    if (n < 0) break;
    struct icmphdr *reply = (struct icmphdr *)(buf + (buf[0] & 0x0f) * 4);
    if (reply->type == ICMP_ECHOREPLY) {
      printf("reply\n");
      return 0;
    }
  }
  printf("silent\n");
  return 1;
}

int main(int argc, char **argv) {
  if (argc == 4 && strcmp(argv[1], "tcp") == 0) return tcp(argv[2], atoi(argv[3]));
  if (argc == 3 && strcmp(argv[1], "raw") == 0) return raw(argv[2]);
  fprintf(stderr, "usage: probe tcp ADDRESS PORT | probe raw ADDRESS\n");
  return 2;
}
