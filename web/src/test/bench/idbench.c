// idbench: a C client for the ID server that opens a new TCP connection per ID, like the
// original tnv storage node's ID client (connect, ID_GET, read the 18-byte reply, close), so the
// figure is not dominated by a Java client's own connection costs. Not part of the build; see
// org.mediadfs.web.bench.EndpointBench for the Java cases.
//
//   gcc -O2 -pthread -o /tmp/idbench web/src/test/bench/idbench.c
//   /tmp/idbench <idPort> <seconds> <threads>      (127.0.0.1 only)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
static int port; static volatile int stop; static long counts[64];
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
static void* run(void* arg){ long i=(long)arg; unsigned char req[10+6]; memset(req,0,sizeof req);
  req[7]=6; req[8]=40; memcpy(req+10,"bench",5);
  struct sockaddr_in a; memset(&a,0,sizeof a); a.sin_family=AF_INET; a.sin_port=htons(port); a.sin_addr.s_addr=htonl(0x7f000001);
  unsigned char rep[18];
  while(!stop){ int s=socket(AF_INET,SOCK_STREAM,0); int one=1; setsockopt(s,IPPROTO_TCP,TCP_NODELAY,&one,sizeof one);
    if(connect(s,(struct sockaddr*)&a,sizeof a)<0){perror("connect");exit(1);}
    if(write(s,req,sizeof req)!=sizeof req){perror("write");exit(1);}
    int got=0; while(got<18){int n=read(s,rep+got,18-got); if(n<=0){perror("read");exit(1);} got+=n;}
    if(rep[9]!=0){fprintf(stderr,"error reply\n");exit(1);}
    close(s); counts[i]++; }
  return 0; }
int main(int c,char**v){ port=atoi(v[1]); int secs=atoi(v[2]); int th=atoi(v[3]); pthread_t t[64];
  for(long i=0;i<th;i++) pthread_create(&t[i],0,run,(void*)i);
  double t0=now(); sleep(secs); stop=1; for(int i=0;i<th;i++) pthread_join(t[i],0); double dt=now()-t0;
  long sum=0; for(int i=0;i<th;i++) sum+=counts[i]; printf("%d threads: %.0f IDs/s\n",th,sum/dt); return 0; }
