// Registry under load: 10 000 simulated instances heartbeating once per second against one registry
// instance for a bounded time, over keep-alive loopback connections from a few client threads.
// Reports the registry thread's CPU use, heartbeat latency percentiles, blocking-query wake-up latency
// under load, and failure detection time with the default TTL (5 s).
#include "registry/registryservice.h"
#include "runtime/servicehost.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using Clock = std::chrono::steady_clock;

namespace {

constexpr int kInstances = 10'000;
constexpr int kClientThreads = 4;
constexpr int kConnectionsPerThread = 4;
constexpr int kLoadSeconds = 10;

// A minimal blocking HTTP/1.1 client on one keep-alive connection: as little client CPU as possible, since
// the clients share the machine with the registry being measured.
class RawConnection
{
public:
    explicit RawConnection(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        timeval timeout { 40, 0 };
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_ok = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    }
    ~RawConnection() { ::close(m_fd); }

    // Returns the status code (0 on failure); body receives the response body.
    int request(const std::string &method, const std::string &path, const std::string &body = {},
        std::string *responseBody = nullptr)
    {
        if (!m_ok)
            return 0;
        std::string out = method + " " + path
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        if (::send(m_fd, out.data(), out.size(), MSG_NOSIGNAL) != ssize_t(out.size()))
            return m_ok = false, 0;
        m_buffer.clear();
        size_t headerEnd = std::string::npos;
        size_t contentLength = 0;
        char chunk[65536];
        for (int reads = 0; reads < 100000; ++reads) {
            const auto n = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return m_ok = false, 0;
            m_buffer.append(chunk, size_t(n));
            if (headerEnd == std::string::npos) {
                headerEnd = m_buffer.find("\r\n\r\n");
                if (headerEnd == std::string::npos)
                    continue;
                auto lower = m_buffer.substr(0, headerEnd);
                std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
                const auto at = lower.find("content-length:");
                contentLength = at == std::string::npos ? 0 : std::stoul(lower.substr(at + 15));
            }
            if (m_buffer.size() >= headerEnd + 4 + contentLength)
                break;
        }
        m_headers = m_buffer.substr(0, headerEnd);
        std::transform(m_headers.begin(), m_headers.end(), m_headers.begin(), ::tolower);
        if (responseBody)
            *responseBody = m_buffer.substr(headerEnd + 4, contentLength);
        return std::atoi(m_buffer.c_str() + 9);
    }
    bool ok() const { return m_ok; }
    // X-Consul-Index of the last response, 0 if none.
    quint64 consulIndex() const
    {
        const auto at = m_headers.find("x-consul-index:");
        return at == std::string::npos ? 0 : std::stoull(m_headers.substr(at + 15));
    }

private:
    int m_fd = -1;
    bool m_ok = false;
    std::string m_buffer;
    std::string m_headers;
};

// CPU time (user + system, seconds) of one thread of this process, from /proc.
double threadCpuSeconds(int tid)
{
    QFile file(QStringLiteral("/proc/self/task/%1/stat").arg(tid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const auto text = file.readAll();
    const auto fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3; utime and stime are fields 14 and 15 (1-based in proc(5)).
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / double(sysconf(_SC_CLK_TCK));
}

int threadIdNamed(const QString &name)
{
    const auto tasks = QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const auto &task : tasks) {
        QFile comm(QStringLiteral("/proc/self/task/%1/comm").arg(task));
        if (comm.open(QIODevice::ReadOnly) && QString::fromUtf8(comm.readAll()).trimmed() == name)
            return task.toInt();
    }
    return -1;
}

std::string registration(int i)
{
    return "{\"ID\":\"inst-" + std::to_string(i) + "\",\"Name\":\"svc-" + std::to_string(i % 100)
        + "\",\"Address\":\"127.0.0.1\",\"Port\":" + std::to_string(20000 + i % 40000)
        + ",\"Tags\":[\"bench\"],\"Check\":{\"TTL\":\"5s\",\"DeregisterCriticalServiceAfter\":\"1m\"}}";
}

double percentile(std::vector<double> &values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(p * double(values.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    RegistryServiceOptions options;
    options.sqlitePath = dir.filePath(QStringLiteral("registry.sqlite"));
    ServiceHostConfig config;
    config.serviceName = QStringLiteral("registry");
    config.instanceId = QStringLiteral("registry");
    ServiceHost host(config, [options] { return std::make_unique<RegistryService>(options); });
    QString error;
    if (!host.start(&error)) {
        std::fprintf(stderr, "registry did not start: %s\n", qPrintable(error));
        return 1;
    }
    const quint16 port = host.port();
    const int tid = threadIdNamed(QStringLiteral("registry"));
    std::printf("registry on 127.0.0.1:%u (thread %d), SQLite state, %d instances, %d client threads x %d "
                "keep-alive connections, %d s of heartbeats at 1/s per instance\n",
        port, tid, kInstances, kClientThreads, kConnectionsPerThread, kLoadSeconds);

    // Register everything (also over keep-alive connections, in parallel).
    const auto registerStart = Clock::now();
    {
        std::vector<std::thread> threads;
        std::atomic<int> failures { 0 };
        const int slices = kClientThreads * kConnectionsPerThread;
        for (int t = 0; t < kClientThreads; ++t)
            threads.emplace_back([&, t] {
                for (int c = 0; c < kConnectionsPerThread; ++c) {
                    RawConnection connection(port);
                    const int slice = t * kConnectionsPerThread + c;
                    for (int i = slice; i < kInstances; i += slices)
                        failures
                            += connection.request("PUT", "/v1/agent/service/register", registration(i)) == 200 ? 0 : 1;
                }
            });
        for (auto &thread : threads)
            thread.join();
        std::printf("registered %d instances in %.2f s (%d failures)\n", kInstances,
            std::chrono::duration<double>(Clock::now() - registerStart).count(), failures.load());
    }

    // The victim for failure detection: a separate service with the default TTL (no check in the body).
    {
        RawConnection connection(port);
        connection.request("PUT", "/v1/agent/service/register", "{\"ID\":\"victim-1\",\"Name\":\"victim\",\"Port\":1}");
    }

    std::atomic<bool> running { true };
    std::vector<std::vector<double>> latencies(kClientThreads);
    std::atomic<int> beatFailures { 0 };
    std::atomic<int> beats { 0 };
    const auto loadStart = Clock::now();
    const double cpuStart = threadCpuSeconds(tid);
    std::vector<std::thread> clients;
    for (int t = 0; t < kClientThreads; ++t) {
        clients.emplace_back([&, t] {
            std::vector<std::unique_ptr<RawConnection>> connections;
            for (int c = 0; c < kConnectionsPerThread; ++c)
                connections.push_back(std::make_unique<RawConnection>(port));
            // This thread's instances, each with a fixed offset within every second.
            std::vector<int> mine;
            for (int i = t; i < kInstances; i += kClientThreads)
                mine.push_back(i);
            auto &samples = latencies[t];
            samples.reserve(size_t(mine.size()) * kLoadSeconds);
            for (int second = 0; second < kLoadSeconds && running; ++second) {
                for (size_t k = 0; k < mine.size() && running; ++k) {
                    const auto due = loadStart + std::chrono::seconds(second)
                        + std::chrono::microseconds(qint64(1e6 * double(k) / double(mine.size())));
                    std::this_thread::sleep_until(due);
                    auto &connection = *connections[k % connections.size()];
                    const auto sent = Clock::now();
                    const int status
                        = connection.request("PUT", "/v1/agent/check/pass/service:inst-" + std::to_string(mine[k]));
                    // Latency from when the beat was due: a registry that falls behind shows up here too.
                    samples.push_back(
                        std::chrono::duration<double, std::milli>(Clock::now() - std::min(sent, due)).count());
                    ++beats;
                    if (status != 200)
                        ++beatFailures;
                }
            }
        });
    }

    // Failure detection under load: the victim beats every TTL/3 for 2 s, then stops. A blocking query on
    // its passing list notices when it disappears.
    double detectionSeconds = -1;
    std::thread victim([&] {
        RawConnection beat(port);
        Clock::time_point lastBeat;
        for (int i = 0; i < 2; ++i) {
            beat.request("PUT", "/v1/agent/check/pass/service:victim-1");
            lastBeat = Clock::now();
            std::this_thread::sleep_for(std::chrono::milliseconds(1666));
        }
        beat.request("PUT", "/v1/agent/check/pass/service:victim-1");
        lastBeat = Clock::now();
        RawConnection watch(port);
        std::string body;
        quint64 index = 1;
        for (int round = 0; round < 100; ++round) {
            if (watch.request(
                    "GET", "/v1/health/service/victim?passing&index=" + std::to_string(index) + "&wait=10s", {}, &body)
                != 200)
                break;
            if (body == "[]") {
                detectionSeconds = std::chrono::duration<double>(Clock::now() - lastBeat).count();
                break;
            }
            index = watch.consulIndex();
            if (std::chrono::duration<double>(Clock::now() - lastBeat).count() > 15)
                break;
        }
    });

    // Blocking-query wake-up under load: a KV write → the parked query on that key answers.
    std::vector<double> wake;
    std::thread waker([&] {
        RawConnection watcher(port);
        RawConnection writer(port);
        for (int i = 0; i < 20 && running; ++i) {
            std::string body;
            watcher.request("GET", "/v1/kv/bench/watch", {}, &body);
            const auto index = watcher.consulIndex();
            Clock::time_point changedAt;
            std::thread write([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
                changedAt = Clock::now();
                writer.request("PUT", "/v1/kv/bench/watch", std::to_string(i));
            });
            watcher.request("GET", "/v1/kv/bench/watch?index=" + std::to_string(index) + "&wait=10s", {}, &body);
            const auto answeredAt = Clock::now();
            write.join();
            if (watcher.consulIndex() > index)
                wake.push_back(std::chrono::duration<double, std::milli>(answeredAt - changedAt).count());
        }
    });

    for (auto &client : clients)
        client.join();
    running = false;
    waker.join();
    const double wall = std::chrono::duration<double>(Clock::now() - loadStart).count();
    const double cpu = threadCpuSeconds(tid) - cpuStart;
    victim.join();

    std::vector<double> all;
    for (auto &samples : latencies)
        all.insert(all.end(), samples.begin(), samples.end());
    const auto count = all.size();
    const double p50 = percentile(all, 0.50);
    const double p99 = percentile(all, 0.99);
    const double max = all.empty() ? 0 : all.back();

    // Everything that kept beating must still be passing.
    int passing = 0;
    {
        RawConnection connection(port);
        std::string body;
        connection.request("GET", "/v1/flightdeck/instances", {}, &body);
        for (size_t at = 0; (at = body.find("\"state\":\"passing\"", at)) != std::string::npos; ++at)
            ++passing;
    }

    std::printf(
        "\nheartbeats: %zu in %.1f s (%.0f/s), %d failed\n", count, wall, double(count) / wall, beatFailures.load());
    std::printf("heartbeat latency (from due time): p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", p50, p99, max);
    std::printf("registry thread CPU: %.2f s over %.1f s = %.1f %% of one core (target < 30 %%)\n", cpu, wall,
        100.0 * cpu / wall);
    std::printf("instances still passing after the run: %d of %d\n", passing, kInstances);
    std::printf("failure detection with the default TTL (5 s): %.2f s from the last heartbeat to gone from "
                "?passing (target <= 6 s)\n",
        detectionSeconds);
    const double wakeP50 = percentile(wake, 0.5); // sorts
    const double wakeMax = wake.empty() ? 0.0 : wake.back();
    std::printf("blocking query wake-up after a KV write, under load: %zu samples, p50 %.2f ms, max %.2f ms "
                "(target < 100 ms)\n",
        wake.size(), wakeP50, wakeMax);
    host.stop();
    return 0;
}
