<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AppOptions</name>
    <message>
        <source>Flightdeck: monitoring and control console for microservices.
Runs an embedded fleet (registry, cart, catalog, traffic) on loopback and shows it live.</source>
        <translation>Flightdeck：微服务监控与控制台。
在回环地址上运行内置服务集群（注册中心、购物车、商品目录、流量生成器）并实时展示。</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation>显示版本号。</translation>
    </message>
    <message>
        <source>Run the embedded fleet without a window; logs go to stdout. Stops gracefully on SIGINT/SIGTERM.</source>
        <translation>不打开窗口运行内置服务集群；日志输出到标准输出。收到 SIGINT/SIGTERM 时平稳停止。</translation>
    </message>
    <message>
        <source>Where state, history and logs are kept (default: %1).</source>
        <translation>保存状态、历史和日志的目录（默认：%1）。</translation>
    </message>
    <message>
        <source>the platform&apos;s app data location</source>
        <translation>系统的应用数据目录</translation>
    </message>
    <message>
        <source>trace, debug, info, warn, error or critical (default: info).</source>
        <translation>trace、debug、info、warn、error 或 critical（默认：info）。</translation>
    </message>
    <message>
        <source>Port of the embedded registry (default: 8500).</source>
        <translation>内置注册中心的端口（默认：8500）。</translation>
    </message>
    <message>
        <source>Port of the first cart instance (default: 8080).</source>
        <translation>第一个购物车实例的端口（默认：8080）。</translation>
    </message>
    <message>
        <source>Number of cart instances (default: 3).</source>
        <translation>购物车实例数量（默认：3）。</translation>
    </message>
    <message>
        <source>Render the main window to a PNG file and exit (works without a display).</source>
        <translation>将主窗口渲染为 PNG 文件后退出（无需显示器）。</translation>
    </message>
    <message>
        <source>Seconds of live data before the screenshot (default: 1).</source>
        <translation>截图前采集实时数据的秒数（默认：1）。</translation>
    </message>
    <message>
        <source>Window size as WIDTHxHEIGHT, e.g. 1600x1000.</source>
        <translation>窗口大小，格式为 宽x高，例如 1600x1000。</translation>
    </message>
    <message>
        <source>unexpected argument: %1</source>
        <translation>无法识别的参数：%1</translation>
    </message>
    <message>
        <source>--log-level must be one of %1</source>
        <translation>--log-level 必须是以下之一：%1</translation>
    </message>
    <message>
        <source>--registry-port needs a port number from 1 to 65535</source>
        <translation>--registry-port 需要 1 到 65535 之间的端口号</translation>
    </message>
    <message>
        <source>--cart-port needs a port number from 1 to 65535</source>
        <translation>--cart-port 需要 1 到 65535 之间的端口号</translation>
    </message>
    <message>
        <source>--cart-instances needs a number from 1 to 32</source>
        <translation>--cart-instances 需要 1 到 32 之间的数字</translation>
    </message>
    <message>
        <source>--screenshot-delay needs seconds from 0 to 3600</source>
        <translation>--screenshot-delay 需要 0 到 3600 之间的秒数</translation>
    </message>
    <message>
        <source>--window-size needs WIDTHxHEIGHT, e.g. 1600x1000</source>
        <translation>--window-size 需要 宽x高 格式，例如 1600x1000</translation>
    </message>
    <message>
        <source>--screenshot needs the window; drop --headless</source>
        <translation>--screenshot 需要窗口；请去掉 --headless</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Flightdeck</source>
        <translation>Flightdeck</translation>
    </message>
    <message>
        <source>Topology</source>
        <translation>拓扑</translation>
    </message>
    <message>
        <source>Services and their instances as a live graph. Edges are real calls, labelled with requests per second, error rate and p95 latency.</source>
        <translation>以实时图形展示服务及其实例。连线代表真实调用，标注每秒请求数、错误率和 p95 延迟。</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Request rate, error rate and p50/p95/p99 latency per service or instance.</source>
        <translation>按服务或实例显示请求速率、错误率以及 p50/p95/p99 延迟。</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>One log view over every service, filtered by level, service, instance and text.</source>
        <translation>汇集所有服务的统一日志视图，可按级别、服务、实例和文本筛选。</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Alert rules with their live state, history and silences.</source>
        <translation>告警规则及其实时状态、历史记录和静默设置。</translation>
    </message>
    <message>
        <source>Carts</source>
        <translation>购物车</translation>
    </message>
    <message>
        <source>Shopping carts in the cart service, editable through its REST API.</source>
        <translation>购物车服务中的购物车，可通过其 REST API 编辑。</translation>
    </message>
    <message>
        <source>Registry</source>
        <translation>注册中心</translation>
    </message>
    <message>
        <source>Registered instances with health, lease age and weight, and the config store.</source>
        <translation>已注册的实例及其健康状态、租约时长和权重，以及配置存储。</translation>
    </message>
    <message>
        <source>Fleet: starting</source>
        <translation>服务集群：正在启动</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export Report…</source>
        <translation>导出报告(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Dark Theme</source>
        <translation>深色主题(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Flightdeck</source>
        <translation>关于 Flightdeck(&amp;A)</translation>
    </message>
    <message>
        <source>About Flightdeck</source>
        <translation>关于 Flightdeck</translation>
    </message>
    <message>
        <source>&lt;b&gt;Flightdeck %1&lt;/b&gt;&lt;p&gt;Monitoring and control console for microservices: topology, metrics, logs, alerts, carts and registry in one window.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Flightdeck %1&lt;/b&gt;&lt;p&gt;微服务监控与控制台：拓扑、指标、日志、告警、购物车和注册中心尽在一个窗口。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The interface language is %1.</source>
        <translation>界面语言为%1。</translation>
    </message>
    <message>
        <source>The interface will be in %1 after Flightdeck restarts.</source>
        <translation>重新启动 Flightdeck 后，界面将切换为%1。</translation>
    </message>
</context>
<context>
    <name>RunModes</name>
    <message numerus="yes">
        <source>Fleet: %1 of %n instance(s) running</source>
        <translation>
            <numerusform>服务集群：%n 个实例中 %1 个正在运行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Try &apos;flightdeck --help&apos;.</source>
        <translation>请尝试运行 &apos;flightdeck --help&apos;。</translation>
    </message>
</context>
</TS>
