package io.wrenmq.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.wrenmq.broker.transport.Transports;
import io.wrenmq.server.http.dashboard.DashboardSessions;
import io.wrenmq.server.reload.BrokerRuntime;
import io.wrenmq.server.reload.ReloadService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of the REST API ({@code /api/v4/...}), the Prometheus endpoint ({@code /metrics}) and the web
 * dashboard ({@code /}, {@link DashboardEndpoints}), on Netty.
 * Its own small event loop, so API traffic never runs on the brokers' loops; requests are handled on a separate
 * executor because some wait (briefly, bounded) for answers from the sessions' loops. Every request is
 * authenticated but the dashboard's files and login; {@code limit_conn} and {@code max_body} are enforced; every
 * error is a JSON body.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    /** The prefix of every API path, as in NanoMQ. */
    public static final String PREFIX = "/api/v4";

    private final HttpServerConfig config;
    private final ApiAuth auth;
    private final Router router;
    /** Null when http_server.dashboard.enable = false. */
    private final DashboardEndpoints dashboard;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup connections = new DefaultChannelGroup("wrenmq-http", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup group;
    private ExecutorService workers;
    private Channel server;

    /**
     * @param dataDir where {@code http_password} is kept when no password is configured (system.data_dir)
     */
    public HttpApiServer(BrokerRuntime runtime, ReloadService reload, Path dataDir) throws IOException {
        this(runtime, reload, dataDir, System::currentTimeMillis);
    }

    /** @param clockMillis the dashboard sessions' clock (tests move it to see sessions expire) */
    HttpApiServer(BrokerRuntime runtime, ReloadService reload, Path dataDir, LongSupplier clockMillis) throws IOException {
        this.config = runtime.config().httpServer();
        ApiAuth apiAuth = authFor(config, dataDir);
        if (config.dashboardEnable()) {
            DashboardSessions sessions = new DashboardSessions(config.dashboardSessionTimeout(), clockMillis);
            apiAuth = apiAuth.withSessions(sessions);
            this.dashboard = new DashboardEndpoints(runtime, apiAuth, sessions);
        } else {
            this.dashboard = null;
        }
        this.auth = apiAuth;
        this.router = ApiRoutes.build(runtime, reload, dashboard != null);
    }

    private static ApiAuth authFor(HttpServerConfig c, Path dataDir) throws IOException {
        if (c.authType() == HttpServerConfig.AuthType.JWT) {
            if (c.jwtPublicKeyFile() == null) {
                throw new IOException("http_server.auth_type = jwt needs http_server.jwt.public.keyfile");
            }
            return ApiAuth.jwt(JwtVerifier.fromPemFile(c.jwtPublicKeyFile()));
        }
        String password = c.password().isEmpty()
                ? GeneratedPassword.readOrCreate(dataDir.resolve(GeneratedPassword.FILE)) : c.password();
        return ApiAuth.basic(c.username(), password);
    }

    /** The routes (for the OpenAPI check). */
    public Router router() {
        return router;
    }

    /** Binds {@code ip_addr:port}; throws with the address when that fails. */
    public void start() throws IOException {
        group = Transports.group(1, "wrenmq-http");
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "wrenmq-http-api-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap b = new ServerBootstrap().group(group).channel(Transports.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new HttpServerCodec())
                                .addLast(new ConnectionLimit())
                                .addLast(new BodyLimit((int) Math.min(Integer.MAX_VALUE, config.maxBody())))
                                .addLast(new RequestHandler());
                    }
                });
        try {
            server = b.bind(config.ipAddr(), config.port()).sync().channel();
        } catch (Exception e) {
            close();
            throw new IOException("REST API cannot listen on " + config.ipAddr() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        LOG.info("REST API listening on http://{}:{}{} ({} auth)", config.ipAddr(), port(), PREFIX,
                auth.isBasic() ? "basic" : "jwt");
        if (dashboard != null) {
            LOG.info("Dashboard on http://{}:{}/", config.ipAddr(), port());
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The dashboard's side, for tests; null when it is off. */
    DashboardEndpoints dashboard() {
        return dashboard;
    }

    /** Stops accepting, closes open connections, then the request executor and the loop (in that order). */
    @Override
    public void close() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (server != null) {
            server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            server = null;
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            workers = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
    }

    /**
     * limit_conn: a connection too many is answered 503 (in JSON, to its first request, so the client reads an
     * answer rather than a reset) and closed; NanoMQ just refuses it.
     */
    private final class ConnectionLimit extends ChannelInboundHandlerAdapter {
        private boolean counted;
        private boolean refused;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (open.incrementAndGet() > config.limitConn()) {
                open.decrementAndGet();
                refused = true;
                LOG.warn("REST API: more than {} connections (http_server.limit_conn); refusing {}", config.limitConn(),
                        ctx.channel().remoteAddress());
            } else {
                counted = true;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!refused) {
                ctx.fireChannelRead(msg);
                return;
            }
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                send(ctx, ApiResponse.error(new ApiException(503, ApiException.TOO_MANY_CONNECTIONS,
                        "too many connections (http_server.limit_conn = " + config.limitConn() + ")")), false);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (counted) {
                open.decrementAndGet();
            }
            super.channelInactive(ctx);
        }
    }

    /** max_body: a bigger body (declared or streamed) is answered 413 in JSON and the connection closed. */
    private static final class BodyLimit extends HttpObjectAggregator {
        BodyLimit(int max) {
            super(max);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            send(ctx, ApiResponse.error(new ApiException(413, ApiException.BODY_TOO_LARGE,
                    "request body larger than http_server.max_body (" + maxContentLength() + " bytes)")), false);
        }
    }

    /**
     * Hands each request to the worker threads: some endpoints wait (bounded) for the sessions' loops, which must
     * not stall this loop's other connections. The worker owns the request's reference and releases it.
     */
    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        RequestHandler() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            try {
                workers.execute(() -> {
                    try {
                        answer(ctx, req);
                    } finally {
                        req.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                req.release(); // the server is closing
                ctx.close();
            }
        }

        private void answer(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            ApiResponse response;
            try {
                response = handle(req, ctx.channel().remoteAddress());
            } catch (ApiException e) {
                response = ApiResponse.error(e);
            } catch (RuntimeException e) {
                LOG.error("REST API: {} {} failed", req.method(), req.uri(), e);
                response = ApiResponse.error(new ApiException(500, ApiException.INTERNAL_ERROR, "internal error: " + e));
            }
            Runnable after = response.afterSent();
            // A browser asks for the password itself on a 401 with WWW-Authenticate; the dashboard's own requests
            // (marked by the header its scripts add) show their login page instead.
            boolean challenge = !req.headers().contains("X-Requested-With");
            send(ctx, response, keepAlive, challenge).addListener(f -> {
                if (after != null) {
                    after.run();
                }
            });
        }

        private ApiResponse handle(FullHttpRequest req, SocketAddress remote) {
            if (!req.decoderResult().isSuccess()) {
                throw ApiException.badRequest("malformed HTTP request");
            }
            QueryStringDecoder uri = new QueryStringDecoder(req.uri());
            String path = uri.rawPath();
            String method = req.method().name();
            if (dashboard != null && DashboardEndpoints.isPublic(path)) {
                return path.equals(DashboardEndpoints.LOGIN)
                        ? dashboard.login(method, body(req), address(remote), req.headers())
                        : dashboard.file(method, path, req.headers());
            }
            DashboardSessions.Session session = auth.check(method, req.headers());
            ApiResponse r = dispatch(req, uri, path, session);
            boolean setsCookie = r.headers().containsKey(HttpHeaderNames.SET_COOKIE.toString()); // logout clears it
            return session == null || setsCookie ? r : dashboard.withCookie(r, session, req.headers());
        }

        private ApiResponse dispatch(FullHttpRequest req, QueryStringDecoder uri, String path,
                DashboardSessions.Session session) {
            if (dashboard != null && DashboardEndpoints.isDashboardApi(path)) {
                return dashboard.handle(req.method().name(), path, session);
            }
            String below;
            if (path.equals("/metrics")) {
                below = "/prometheus"; // NanoMQ and Prometheus' default scrape path
            } else if (path.equals(PREFIX) || path.startsWith(PREFIX + "/")) {
                below = path.length() == PREFIX.length() ? "/" : path.substring(PREFIX.length());
            } else {
                throw ApiException.notFound("no such endpoint: " + path + " (the API is under " + PREFIX + ")");
            }
            Map<String, List<String>> query = uri.parameters();
            try {
                return router.dispatch(new ApiRequest(req.method().name(), below, query, Map.of(), body(req)));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ApiException(500, ApiException.INTERNAL_ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("REST API connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private static byte[] body(FullHttpRequest req) {
        byte[] body = new byte[req.content().readableBytes()];
        req.content().getBytes(req.content().readerIndex(), body);
        return body;
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    private static ChannelFuture send(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive) {
        return send(ctx, r, keepAlive, true);
    }

    private static ChannelFuture send(ChannelHandlerContext ctx, ApiResponse r, boolean keepAlive, boolean challenge) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.wrappedBuffer(r.body()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
        res.headers().set("X-Content-Type-Options", "nosniff");
        r.headers().forEach(res.headers()::set);
        if (r.status() == 401 && challenge) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"wrenmq\"");
        }
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            return ctx.writeAndFlush(res);
        }
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}
