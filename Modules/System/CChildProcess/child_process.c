// fork + exec for AstroPipeline: posix_spawn cannot set a parent-death signal, and Swift cannot call the variadic
// prctl. Between fork and exec the child of a multithreaded process may only make async-signal-safe calls: no
// malloc, no locks, so everything it needs is prepared by the caller and this code only uses system calls.
#define _GNU_SOURCE
#include "child_process.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

static void fail(int pipe_fd) {
    int code = errno;
    ssize_t ignored = write(pipe_fd, &code, sizeof code);
    (void)ignored;
    _exit(127);
}

/// Marks every descriptor from `first` close-on-exec; close_range does it in one call where the kernel has it.
static void close_on_exec_from(int first) {
#if defined(__linux__) && defined(SYS_close_range)
    if (syscall(SYS_close_range, (unsigned)first, ~0U, 4 /* CLOSE_RANGE_CLOEXEC */) == 0) return;
#endif
    struct rlimit limit;
    int top = (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536) ? (int)limit.rlim_cur : 65536;
    for (int fd = first; fd < top; fd++) fcntl(fd, F_SETFD, FD_CLOEXEC);
}

pid_t sci_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                int in_fd, int out_fd, int err_fd, int keep_fd, int *error) {
    int report[2];
#ifdef __linux__
    if (pipe2(report, O_CLOEXEC) != 0) { *error = errno; return -1; }
#else
    if (pipe(report) != 0) { *error = errno; return -1; }
    fcntl(report[0], F_SETFD, FD_CLOEXEC);
    fcntl(report[1], F_SETFD, FD_CLOEXEC);
#endif
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *error = errno;
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        // Signals sci catches or ignores must reach the program as they would a shell's child.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        for (int sig = 1; sig < NSIG; sig++) {
            if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
        }
#ifdef __linux__
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(report[1]);
        // The parent may have died before prctl: then nobody would send the signal.
        if (getppid() != parent) _exit(137);
#else
        (void)parent;
#endif
        if (directory != NULL && chdir(directory) != 0) fail(report[1]);
        // Moved above 2 first, so that dup2 onto 0..2 never overwrites a descriptor still to be copied.
        int fds[3] = {in_fd, out_fd, err_fd};
        for (int i = 0; i < 3; i++) {
            if (fds[i] >= 0 && fds[i] <= 2) {
                fds[i] = fcntl(fds[i], F_DUPFD, 3);
                if (fds[i] < 0) fail(report[1]);
            }
        }
        for (int i = 0; i < 3; i++) {
            if (fds[i] >= 0 && dup2(fds[i], i) < 0) fail(report[1]);
        }
        close_on_exec_from(3);
        if (keep_fd >= 3 && fcntl(keep_fd, F_SETFD, 0) != 0) fail(report[1]);
        execve(path, argv, envp);
        fail(report[1]);
    }
    close(report[1]);
    int code = 0;
    ssize_t got;
    do { got = read(report[0], &code, sizeof code); } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof code) {
        // exec failed: reap the child, which has exited, and hand back its reason.
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *error = code;
        return -1;
    }
    return pid;
}

static int signal_pipe[2] = {-1, -1};

static void on_signal(int sig) {
    int saved = errno;
    unsigned char byte = (unsigned char)sig;
    ssize_t ignored = write(signal_pipe[1], &byte, 1);
    (void)ignored;
    errno = saved;
}

int sci_catch_signals(const int *signals, int count) {
    if (signal_pipe[0] < 0) {
        if (pipe(signal_pipe) != 0) return -1;
        fcntl(signal_pipe[0], F_SETFD, FD_CLOEXEC);
        fcntl(signal_pipe[1], F_SETFD, FD_CLOEXEC);
        // A full pipe must not block the handler.
        fcntl(signal_pipe[1], F_SETFL, fcntl(signal_pipe[1], F_GETFL) | O_NONBLOCK);
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int i = 0; i < count; i++) sigaction(signals[i], &action, NULL);
    return signal_pipe[0];
}

void sci_release_signals(const int *signals, int count) {
    for (int i = 0; i < count; i++) signal(signals[i], SIG_DFL);
}
