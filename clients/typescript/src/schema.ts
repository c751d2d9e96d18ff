/**
 * Generated from the gateway's merged OpenAPI document by `pnpm --filter @concert/client generate`.
 * Do not edit: the package test regenerates it and fails on any difference.
 */

export interface paths {
    "/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign up
         * @description Sign up. Public: no token needed.
         */
        post: operations["signUp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user profile (yourself, or anyone for an admin)
         * @description A user profile (yourself, or anyone for an admin). Needs a bearer access token.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in; returns an ES256 access token and a rotating refresh token
         * @description Sign in; returns an ES256 access token and a rotating refresh token. Public: no token needed.
         */
        post: operations["signIn"];
        /**
         * Sign out: the refresh token and every token of its sign-in stop working (access tokens run out on their own)
         * @description Sign out: the refresh token and every token of its sign-in stop working (access tokens run out on their own). Public: no token needed.
         */
        delete: operations["signOut"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trade a refresh token for a new access token and the next refresh token (the presented one is used up)
         * @description Trade a refresh token for a new access token and the next refresh token (the presented one is used up). Public: no token needed.
         */
        post: operations["refreshSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public keys that verify access and admission tokens (JWKS)
         * @description Public keys that verify access and admission tokens (JWKS). Public: no token needed.
         */
        get: operations["getSigningKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join the waiting room of a performance (or get your live token back)
         * @description Join the waiting room of a performance (or get your live token back). Needs a bearer access token.
         */
        post: operations["joinWaitingRoom"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Poll your place in the waiting room; ACTIVE tokens carry the admissionToken
         * @description With `wait` (seconds, at most 30) a WAITING token is answered when it becomes ACTIVE or ends, when its position has moved by a quarter (at least one place, not before 5 s), or when the wait runs out (the current position). Without it, the answer is immediate.
         */
        get: operations["getWaitingRoomToken"];
        put?: never;
        post?: never;
        /**
         * Leave the waiting room: the token ends and its admission (if any) is void; frees the slot
         * @description Leave the waiting room: the token ends and its admission (if any) is void; frees the slot. Needs a bearer access token.
         */
        delete: operations["leaveWaitingRoom"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/venues": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a venue and its seating layout (admin)
         * @description Create a venue and its seating layout (admin). Needs a bearer access token.
         */
        post: operations["createVenue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Performances with their venue, newest first
         * @description Performances with their venue, newest first. Public: no token needed.
         */
        get: operations["listPerformances"];
        put?: never;
        /**
         * Create a performance at a venue (admin)
         * @description Create a performance at a venue (admin). Needs a bearer access token.
         */
        post: operations["createPerformance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/schedules/{performanceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Bookable schedules of a performance: those not yet started, soonest first
         * @description Listed until the show starts, also before booking opens (bookingOpensAt says when seats can be held).
         */
        get: operations["listSchedules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/performances/{performanceId}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a schedule with all its seats (admin)
         * @description Create a schedule with all its seats (admin). Needs a bearer access token.
         */
        post: operations["createSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/seats/{scheduleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Seats of a schedule with their live status
         * @description A seat order-service has just held shows HELD at once (its hold board), before concert applies the hold.
         */
        get: operations["listSeats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/seats/{scheduleId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live status of every seat, one character each in layout order (compact, ETag/304, gzip/br)
         * @description Send If-None-Match with the last ETag: 304 while nothing changed. A hold shows the moment order-service commits it. The answer may be a fraction of a second old (200 ms by default). Cache-Control: no-cache (revalidate every time).
         */
        get: operations["getSeatStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/seats/{scheduleId}/layout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The static seat layout (sections, rows, prices, seat ids): positions match /status
         * @description Never changes for a schedule: Cache-Control public, max-age=86400, with an ETag.
         */
        get: operations["getSeatLayout"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your reservations, newest first
         * @description Your reservations, newest first. Needs a bearer access token.
         */
        get: operations["listReservations"];
        put?: never;
        /**
         * Hold 1–4 seats of a schedule (all or none) for a few minutes (5 by default; see expiresAt)
         * @description Refused, in this order, before any seat is touched: 404 SCHEDULE_NOT_FOUND, 403 ADMISSION_WRONG_PERFORMANCE, 409 BOOKING_CLOSED, 403 ADMISSION_USED, 409 HOLD_EXISTS {reservationId}, 409 TICKET_LIMIT {limit, held, requested}; then 409 SEAT_UNAVAILABLE {seatIds}. A replayed Idempotency-Key answers the first response.
         */
        post: operations["holdSeats"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reservations/{reservationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of your reservations, with its order
         * @description With `wait` and `status` (long-poll): answers as soon as the reservation status differs from `status` (or the order status from `orderStatus`, when given), or after `wait` seconds with the current view; 200 either way.
         */
        get: operations["getReservation"];
        put?: never;
        post?: never;
        /**
         * Release an unpaid hold: reservation and order CANCELLED, seats free again
         * @description Release an unpaid hold: reservation and order CANCELLED, seats free again. Needs a bearer access token.
         */
        delete: operations["releaseReservation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reservations/{reservationId}/cancellation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel your booking: an unpaid hold is released (200), a paid one is refunded in full (202)
         * @description A paid booking can be cancelled until 24 hours before the show: the order goes REFUND_REQUESTED, then REFUNDED with the reservation CANCELLED once the points are back and the seats free. Refused: 404 for an unknown reservation or another user's, 409 CANCELLATION_CLOSED {closesAt}, 409 ALREADY_CANCELLED, 409 RESERVATION_NOT_CANCELLABLE (expired, refused, or a payment in flight). A replayed Idempotency-Key answers the first response.
         */
        post: operations["cancelReservation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/points/charge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Charge your points
         * @description Adds 1..10,000,000 KRW; a balance may not exceed 100,000,000 (422 BALANCE_LIMIT_EXCEEDED).
         */
        post: operations["chargePoints"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/points/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your point balance
         * @description Your point balance. Needs a bearer access token.
         */
        get: operations["getPointBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/points/{userId}/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your charges, uses and refunds, newest first
         * @description Your charges, uses and refunds, newest first. Needs a bearer access token.
         */
        get: operations["listPointTransactions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start paying an order
         * @description Accepted for processing; poll GET /payments/{paymentId}. 404 ORDER_NOT_FOUND for an unknown order or another user's; 409 ORDER_NOT_PAYABLE once its reservation was cancelled, expired or refused; 409 PAYMENT_IN_PROGRESS while the order has a live or completed payment.
         */
        post: operations["payOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/payments/{paymentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of your payments
         * @description With `wait` and `status` (long-poll): answers as soon as the payment status differs from `status`, or after `wait` seconds with the current view; 200 either way.
         */
        get: operations["getPayment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your notifications, newest first
         * @description Your notifications, newest first. Needs a bearer access token.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Review a performance you attended, once your show has ended (one review per performance)
         * @description Review a performance you attended, once your show has ended (one review per performance). Needs a bearer access token.
         */
        post: operations["createReview"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reviews/{performanceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Reviews of a performance, newest first, with the average rating
         * @description Reviews of a performance, newest first, with the average rating. Public: no token needed.
         */
        get: operations["listReviews"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description application/problem+json (RFC 9457) */
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            code: string;
            instance?: string;
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type SchemaProblem = components['schemas']['Problem'];
export type $defs = Record<string, never>;
export interface operations {
    signUp: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "fan@example.com",
                 *       "name": "example name",
                 *       "password": "example password"
                 *     }
                 */
                "application/json": {
                    /** Format: email */
                    email: string;
                    name: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "email": "example email",
                     *       "name": "example name"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                        email: string;
                        name: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: EMAIL_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/email-taken",
                     *       "title": "Conflict",
                     *       "status": 409,
                     *       "detail": "Conflict: see code",
                     *       "code": "EMAIL_TAKEN",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "email": "example email",
                     *       "name": "example name",
                     *       "role": "user",
                     *       "createdAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                        email: string;
                        name: string;
                        role: "user" | "admin";
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "fan@example.com",
                 *       "password": "example password"
                 *     }
                 */
                "application/json": {
                    /** Format: email */
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accessToken": "example accessToken",
                     *       "expiresIn": 1,
                     *       "refreshToken": "example refreshToken",
                     *       "refreshExpiresIn": 1,
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f"
                     *     }
                     */
                    "application/json": {
                        accessToken: string;
                        /** @description seconds the access token is valid */
                        expiresIn: number;
                        /** @description single use: POST /sessions/refresh returns its successor */
                        refreshToken: string;
                        /** @description seconds the refresh token is valid */
                        refreshExpiresIn: number;
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/invalid-credentials",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "INVALID_CREDENTIALS",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED, SIGN_IN_THROTTLED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refreshToken": "example-refreshToken"
                 *     }
                 */
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refreshToken": "example-refreshToken"
                 *     }
                 */
                "application/json": {
                    refreshToken: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accessToken": "example accessToken",
                     *       "expiresIn": 1,
                     *       "refreshToken": "example refreshToken",
                     *       "refreshExpiresIn": 1,
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f"
                     *     }
                     */
                    "application/json": {
                        accessToken: string;
                        /** @description seconds the access token is valid */
                        expiresIn: number;
                        /** @description single use: POST /sessions/refresh returns its successor */
                        refreshToken: string;
                        /** @description seconds the refresh token is valid */
                        refreshExpiresIn: number;
                        /** Format: uuid */
                        userId: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: INVALID_REFRESH_TOKEN, REFRESH_TOKEN_REUSED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/invalid-refresh-token",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "INVALID_REFRESH_TOKEN",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSigningKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description JSON Web Key Set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "keys": [
                     *         {
                     *           "kty": "EC",
                     *           "crv": "P-256",
                     *           "x": "example x",
                     *           "y": "example y",
                     *           "kid": "example kid",
                     *           "alg": "ES256",
                     *           "use": "sig"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        keys: ({
                            /** @enum {string} */
                            kty: "EC";
                            /** @enum {string} */
                            crv: "P-256";
                            /** @description base64url */
                            x: string;
                            /** @description base64url */
                            y: string;
                            kid: string;
                            /** @enum {string} */
                            alg: "ES256";
                            /** @enum {string} */
                            use: "sig";
                        } & {
                            [key: string]: unknown;
                        })[];
                    };
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    joinWaitingRoom: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f"
                 *     }
                 */
                "application/json": {
                    /** Format: uuid */
                    performanceId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "tokenId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "status": "WAITING",
                     *       "position": 1,
                     *       "etaSeconds": 1,
                     *       "admissionToken": "example admissionToken",
                     *       "expiresAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        tokenId: string;
                        /** Format: uuid */
                        performanceId: string;
                        status: "WAITING" | "ACTIVE" | "USED" | "EXPIRED";
                        /** @description 1-based place in the queue while WAITING, else 0 */
                        position: number;
                        etaSeconds: number;
                        /** @description Send as X-Queue-Token while ACTIVE */
                        admissionToken?: string;
                        /** Format: date-time */
                        expiresAt?: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "tokenId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "status": "WAITING",
                     *       "position": 1,
                     *       "etaSeconds": 1,
                     *       "admissionToken": "example admissionToken",
                     *       "expiresAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        tokenId: string;
                        /** Format: uuid */
                        performanceId: string;
                        status: "WAITING" | "ACTIVE" | "USED" | "EXPIRED";
                        /** @description 1-based place in the queue while WAITING, else 0 */
                        position: number;
                        etaSeconds: number;
                        /** @description Send as X-Queue-Token while ACTIVE */
                        admissionToken?: string;
                        /** Format: date-time */
                        expiresAt?: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: PERFORMANCE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/performance-not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "PERFORMANCE_NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: PERFORMANCE_NOT_ON_SALE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/performance-not-on-sale",
                     *       "title": "Conflict",
                     *       "status": 409,
                     *       "detail": "Conflict: see code",
                     *       "code": "PERFORMANCE_NOT_ON_SALE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, WAITING_ROOM_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getWaitingRoomToken: {
        parameters: {
            query?: {
                /** @description Long-poll for up to this many seconds (leave it out for an immediate answer) */
                wait?: number;
            };
            header?: never;
            path: {
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "tokenId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "status": "WAITING",
                     *       "position": 1,
                     *       "etaSeconds": 1,
                     *       "admissionToken": "example admissionToken",
                     *       "expiresAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        tokenId: string;
                        /** Format: uuid */
                        performanceId: string;
                        status: "WAITING" | "ACTIVE" | "USED" | "EXPIRED";
                        /** @description 1-based place in the queue while WAITING, else 0 */
                        position: number;
                        etaSeconds: number;
                        /** @description Send as X-Queue-Token while ACTIVE */
                        admissionToken?: string;
                        /** Format: date-time */
                        expiresAt?: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, WAITING_ROOM_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    leaveWaitingRoom: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, WAITING_ROOM_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createVenue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "example name",
                 *       "address": "example address",
                 *       "sections": [
                 *         {
                 *           "name": "example name",
                 *           "rows": 1,
                 *           "seatsPerRow": 1,
                 *           "grade": "example grade",
                 *           "price": 1
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    name: string;
                    address: string;
                    /** @description Unique names; at most 20000 seats in all */
                    sections: {
                        name: string;
                        rows: number;
                        seatsPerRow: number;
                        grade: string;
                        /** @description KRW */
                        price: number;
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "venueId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "name": "example name",
                     *       "address": "example address",
                     *       "sections": [
                     *         {
                     *           "name": "example name",
                     *           "rows": 1,
                     *           "seatsPerRow": 1,
                     *           "grade": "example grade",
                     *           "price": 1
                     *         }
                     *       ],
                     *       "totalSeats": 1
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        venueId: string;
                        name: string;
                        address: string;
                        sections: {
                            name: string;
                            rows: number;
                            seatsPerRow: number;
                            grade: string;
                            /** @description KRW */
                            price: number;
                        }[];
                        totalSeats: number;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "Forbidden: see code",
                     *       "code": "FORBIDDEN",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPerformances: {
        parameters: {
            query?: {
                page?: number;
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "title": "example title",
                     *           "description": "example description",
                     *           "venue": {
                     *             "venueId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *             "name": "example name",
                     *             "address": "example address"
                     *           },
                     *           "createdAt": "2026-05-01T19:00:00.000Z"
                     *         }
                     *       ],
                     *       "page": 1,
                     *       "size": 1,
                     *       "total": 1
                     *     }
                     */
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            performanceId: string;
                            title: string;
                            description: string;
                            venue: {
                                /** Format: uuid */
                                venueId: string;
                                name: string;
                                address: string;
                            };
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        page: number;
                        size: number;
                        total: number;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createPerformance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "title": "example title",
                 *       "description": "example description",
                 *       "venueId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f"
                 *     }
                 */
                "application/json": {
                    title: string;
                    description: string;
                    /** Format: uuid */
                    venueId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "title": "example title",
                     *       "description": "example description",
                     *       "venue": {
                     *         "venueId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *         "name": "example name",
                     *         "address": "example address"
                     *       },
                     *       "createdAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        performanceId: string;
                        title: string;
                        description: string;
                        venue: {
                            /** Format: uuid */
                            venueId: string;
                            name: string;
                            address: string;
                        };
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "Forbidden: see code",
                     *       "code": "FORBIDDEN",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Content: VENUE_NOT_FOUND */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/venue-not-found",
                     *       "title": "Unprocessable Content",
                     *       "status": 422,
                     *       "detail": "Unprocessable Content: see code",
                     *       "code": "VENUE_NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchedules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                performanceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "startsAt": "2026-05-01T19:00:00.000Z",
                     *           "endsAt": "2026-05-01T19:00:00.000Z",
                     *           "bookingOpensAt": "2026-05-01T19:00:00.000Z",
                     *           "availableSeats": 1,
                     *           "totalSeats": 1
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            scheduleId: string;
                            /** Format: date-time */
                            startsAt: string;
                            /** Format: date-time */
                            endsAt: string;
                            /** Format: date-time */
                            bookingOpensAt: string;
                            availableSeats: number;
                            totalSeats: number;
                        }[];
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                performanceId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "startsAt": "2026-05-01T19:00:00.000Z",
                 *       "endsAt": "2026-05-01T19:00:00.000Z",
                 *       "bookingOpensAt": "2026-05-01T19:00:00.000Z"
                 *     }
                 */
                "application/json": {
                    /** Format: date-time */
                    startsAt: string;
                    /** Format: date-time */
                    endsAt: string;
                    /** Format: date-time */
                    bookingOpensAt: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "startsAt": "2026-05-01T19:00:00.000Z",
                     *       "endsAt": "2026-05-01T19:00:00.000Z",
                     *       "bookingOpensAt": "2026-05-01T19:00:00.000Z",
                     *       "availableSeats": 1,
                     *       "totalSeats": 1,
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        scheduleId: string;
                        /** Format: date-time */
                        startsAt: string;
                        /** Format: date-time */
                        endsAt: string;
                        /** Format: date-time */
                        bookingOpensAt: string;
                        availableSeats: number;
                        totalSeats: number;
                        /** Format: uuid */
                        performanceId: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/forbidden",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "Forbidden: see code",
                     *       "code": "FORBIDDEN",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSeats: {
        parameters: {
            query?: {
                status?: "AVAILABLE" | "HELD" | "SOLD";
            };
            header?: never;
            path: {
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "items": [
                     *         {
                     *           "seatId": 1,
                     *           "section": "example section",
                     *           "row": 1,
                     *           "number": 1,
                     *           "grade": "example grade",
                     *           "price": 1,
                     *           "status": "AVAILABLE"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        scheduleId: string;
                        items: {
                            seatId: number;
                            section: string;
                            row: number;
                            number: number;
                            grade: string;
                            /** @description KRW */
                            price: number;
                            status: "AVAILABLE" | "HELD" | "SOLD";
                        }[];
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSeatStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "version": "example version",
                     *       "available": 1,
                     *       "held": 1,
                     *       "sold": 1,
                     *       "seats": "example seats"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        scheduleId: string;
                        /** @description Changes whenever a seat’s status does; the ETag is this value in quotes */
                        version: string;
                        available: number;
                        held: number;
                        sold: number;
                        /** @description One character per seat in layout order (see /layout): A available, H held, S sold */
                        seats: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSeatLayout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "version": "example version",
                     *       "totalSeats": 1,
                     *       "sections": [
                     *         {
                     *           "name": "example name",
                     *           "grade": "example grade",
                     *           "price": 1,
                     *           "rows": [
                     *             {
                     *               "row": 1,
                     *               "seats": 1
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "seatIds": [
                     *         [
                     *           1,
                     *           1
                     *         ]
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        scheduleId: string;
                        version: string;
                        totalSeats: number;
                        sections: {
                            name: string;
                            grade: string;
                            /** @description KRW */
                            price: number;
                            rows: {
                                row: number;
                                /** @description numbered 1..seats */
                                seats: number;
                            }[];
                        }[];
                        /** @description seat ids in layout order as runs [firstSeatId, count] */
                        seatIds: [
                            number,
                            number
                        ][];
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReservations: {
        parameters: {
            query?: {
                page?: number;
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "reservationId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "seats": [
                     *             {
                     *               "seatId": 1,
                     *               "price": 1
                     *             }
                     *           ],
                     *           "amount": 1,
                     *           "status": "PENDING",
                     *           "orderStatus": "PENDING",
                     *           "expiresAt": "2026-05-01T19:00:00.000Z",
                     *           "failureReason": "example failureReason",
                     *           "createdAt": "2026-05-01T19:00:00.000Z",
                     *           "updatedAt": "2026-05-01T19:00:00.000Z"
                     *         }
                     *       ],
                     *       "page": 1,
                     *       "size": 1,
                     *       "total": 1
                     *     }
                     */
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            reservationId: string;
                            /** Format: uuid */
                            orderId: string;
                            /** Format: uuid */
                            userId: string;
                            /** Format: uuid */
                            scheduleId: string;
                            /** Format: uuid */
                            performanceId: string;
                            seats: {
                                seatId: number;
                                /** @description KRW, once concert-service confirmed the hold */
                                price?: number;
                            }[];
                            /** @description KRW, once concert-service confirmed the hold */
                            amount?: number;
                            /** @enum {unknown} */
                            status: "PENDING" | "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
                            /** @enum {unknown} */
                            orderStatus: "PENDING" | "PAYMENT_PROCESSING" | "PAID" | "CANCELLED" | "REFUND_REQUESTED" | "REFUNDED";
                            /** Format: date-time */
                            expiresAt: string;
                            failureReason?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                        page: number;
                        size: number;
                        total: number;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    holdSeats: {
        parameters: {
            query?: never;
            header: {
                /** @description A client-generated UUID; replays return the first response */
                "idempotency-key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                 *       "seatIds": [
                 *         1
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** Format: uuid */
                    scheduleId: string;
                    /** @description Seats of that schedule, held all or none */
                    seatIds: number[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reservationId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "status": "PENDING",
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "seatIds": [
                     *         1
                     *       ],
                     *       "expiresAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        reservationId: string;
                        /** Format: uuid */
                        orderId: string;
                        /** @enum {string} */
                        status: "PENDING";
                        /** Format: uuid */
                        scheduleId: string;
                        seatIds: number[];
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED, ADMISSION_REQUIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden: ADMISSION_WRONG_PERFORMANCE, ADMISSION_USED, FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/admission-wrong-performance",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "Forbidden: see code",
                     *       "code": "ADMISSION_WRONG_PERFORMANCE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: SCHEDULE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/schedule-not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "SCHEDULE_NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: BOOKING_CLOSED, HOLD_EXISTS, TICKET_LIMIT, SEAT_UNAVAILABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/booking-closed",
                     *       "title": "Conflict",
                     *       "status": 409,
                     *       "detail": "Conflict: see code",
                     *       "code": "BOOKING_CLOSED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Content: IDEMPOTENCY_CONFLICT */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/idempotency-conflict",
                     *       "title": "Unprocessable Content",
                     *       "status": 422,
                     *       "detail": "Unprocessable Content: see code",
                     *       "code": "IDEMPOTENCY_CONFLICT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReservation: {
        parameters: {
            query?: {
                /** @description Long-poll: answer as soon as the status differs from `status` (the one you have), or after this many seconds (1–30) with the current view. 200 either way. Leave it out for an immediate answer. */
                wait?: number;
                /** @description With wait (required then): the reservation status you have */
                status?: "PENDING" | "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
                /** @description With wait: also answer once the order status differs from this one */
                orderStatus?: "PENDING" | "PAYMENT_PROCESSING" | "PAID" | "CANCELLED" | "REFUND_REQUESTED" | "REFUNDED";
            };
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reservationId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "seats": [
                     *         {
                     *           "seatId": 1,
                     *           "price": 1
                     *         }
                     *       ],
                     *       "amount": 1,
                     *       "status": "PENDING",
                     *       "orderStatus": "PENDING",
                     *       "expiresAt": "2026-05-01T19:00:00.000Z",
                     *       "failureReason": "example failureReason",
                     *       "createdAt": "2026-05-01T19:00:00.000Z",
                     *       "updatedAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        reservationId: string;
                        /** Format: uuid */
                        orderId: string;
                        /** Format: uuid */
                        userId: string;
                        /** Format: uuid */
                        scheduleId: string;
                        /** Format: uuid */
                        performanceId: string;
                        seats: {
                            seatId: number;
                            /** @description KRW, once concert-service confirmed the hold */
                            price?: number;
                        }[];
                        /** @description KRW, once concert-service confirmed the hold */
                        amount?: number;
                        /** @enum {unknown} */
                        status: "PENDING" | "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
                        /** @enum {unknown} */
                        orderStatus: "PENDING" | "PAYMENT_PROCESSING" | "PAID" | "CANCELLED" | "REFUND_REQUESTED" | "REFUNDED";
                        /** Format: date-time */
                        expiresAt: string;
                        failureReason?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    releaseReservation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reservationId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "seats": [
                     *         {
                     *           "seatId": 1,
                     *           "price": 1
                     *         }
                     *       ],
                     *       "amount": 1,
                     *       "status": "PENDING",
                     *       "orderStatus": "PENDING",
                     *       "expiresAt": "2026-05-01T19:00:00.000Z",
                     *       "failureReason": "example failureReason",
                     *       "createdAt": "2026-05-01T19:00:00.000Z",
                     *       "updatedAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        reservationId: string;
                        /** Format: uuid */
                        orderId: string;
                        /** Format: uuid */
                        userId: string;
                        /** Format: uuid */
                        scheduleId: string;
                        /** Format: uuid */
                        performanceId: string;
                        seats: {
                            seatId: number;
                            /** @description KRW, once concert-service confirmed the hold */
                            price?: number;
                        }[];
                        /** @description KRW, once concert-service confirmed the hold */
                        amount?: number;
                        /** @enum {unknown} */
                        status: "PENDING" | "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
                        /** @enum {unknown} */
                        orderStatus: "PENDING" | "PAYMENT_PROCESSING" | "PAID" | "CANCELLED" | "REFUND_REQUESTED" | "REFUNDED";
                        /** Format: date-time */
                        expiresAt: string;
                        failureReason?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: RESERVATION_NOT_CANCELLABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/reservation-not-cancellable",
                     *       "title": "Conflict",
                     *       "status": 409,
                     *       "detail": "Conflict: see code",
                     *       "code": "RESERVATION_NOT_CANCELLABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelReservation: {
        parameters: {
            query?: never;
            header: {
                /** @description A client-generated UUID; replays return the first response */
                "idempotency-key": string;
            };
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reservationId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "seats": [
                     *         {
                     *           "seatId": 1,
                     *           "price": 1
                     *         }
                     *       ],
                     *       "amount": 1,
                     *       "status": "PENDING",
                     *       "orderStatus": "PENDING",
                     *       "expiresAt": "2026-05-01T19:00:00.000Z",
                     *       "failureReason": "example failureReason",
                     *       "createdAt": "2026-05-01T19:00:00.000Z",
                     *       "updatedAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        reservationId: string;
                        /** Format: uuid */
                        orderId: string;
                        /** Format: uuid */
                        userId: string;
                        /** Format: uuid */
                        scheduleId: string;
                        /** Format: uuid */
                        performanceId: string;
                        seats: {
                            seatId: number;
                            /** @description KRW, once concert-service confirmed the hold */
                            price?: number;
                        }[];
                        /** @description KRW, once concert-service confirmed the hold */
                        amount?: number;
                        /** @enum {unknown} */
                        status: "PENDING" | "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
                        /** @enum {unknown} */
                        orderStatus: "PENDING" | "PAYMENT_PROCESSING" | "PAID" | "CANCELLED" | "REFUND_REQUESTED" | "REFUNDED";
                        /** Format: date-time */
                        expiresAt: string;
                        failureReason?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reservationId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "scheduleId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "seats": [
                     *         {
                     *           "seatId": 1,
                     *           "price": 1
                     *         }
                     *       ],
                     *       "amount": 1,
                     *       "status": "PENDING",
                     *       "orderStatus": "PENDING",
                     *       "expiresAt": "2026-05-01T19:00:00.000Z",
                     *       "failureReason": "example failureReason",
                     *       "createdAt": "2026-05-01T19:00:00.000Z",
                     *       "updatedAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        reservationId: string;
                        /** Format: uuid */
                        orderId: string;
                        /** Format: uuid */
                        userId: string;
                        /** Format: uuid */
                        scheduleId: string;
                        /** Format: uuid */
                        performanceId: string;
                        seats: {
                            seatId: number;
                            /** @description KRW, once concert-service confirmed the hold */
                            price?: number;
                        }[];
                        /** @description KRW, once concert-service confirmed the hold */
                        amount?: number;
                        /** @enum {unknown} */
                        status: "PENDING" | "HELD" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
                        /** @enum {unknown} */
                        orderStatus: "PENDING" | "PAYMENT_PROCESSING" | "PAID" | "CANCELLED" | "REFUND_REQUESTED" | "REFUNDED";
                        /** Format: date-time */
                        expiresAt: string;
                        failureReason?: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: ALREADY_CANCELLED, CANCELLATION_CLOSED, RESERVATION_NOT_CANCELLABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/already-cancelled",
                     *       "title": "Conflict",
                     *       "status": 409,
                     *       "detail": "Conflict: see code",
                     *       "code": "ALREADY_CANCELLED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Content: IDEMPOTENCY_CONFLICT */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/idempotency-conflict",
                     *       "title": "Unprocessable Content",
                     *       "status": 422,
                     *       "detail": "Unprocessable Content: see code",
                     *       "code": "IDEMPOTENCY_CONFLICT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    chargePoints: {
        parameters: {
            query?: never;
            header: {
                /** @description A client-generated UUID; replays return the first response */
                "idempotency-key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "amount": 1
                 *     }
                 */
                "application/json": {
                    /** @description KRW */
                    amount: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "balance": 1,
                     *       "transactionId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                        balance: number;
                        /** Format: uuid */
                        transactionId: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Content: IDEMPOTENCY_CONFLICT, BALANCE_LIMIT_EXCEEDED */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/idempotency-conflict",
                     *       "title": "Unprocessable Content",
                     *       "status": 422,
                     *       "detail": "Unprocessable Content: see code",
                     *       "code": "IDEMPOTENCY_CONFLICT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPointBalance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "balance": 1,
                     *       "updatedAt": "2026-05-01T19:00:00.000Z"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                        balance: number;
                        /** @description null until the first charge */
                        updatedAt: string | null;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listPointTransactions: {
        parameters: {
            query?: {
                page?: number;
                size?: number;
            };
            header?: never;
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "transactionId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "type": "CHARGE",
                     *           "amount": 1,
                     *           "balanceAfter": 1,
                     *           "paymentId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "createdAt": "2026-05-01T19:00:00.000Z"
                     *         }
                     *       ],
                     *       "page": 1,
                     *       "size": 1,
                     *       "total": 1
                     *     }
                     */
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            transactionId: string;
                            type: "CHARGE" | "USE" | "REFUND";
                            amount: number;
                            balanceAfter: number;
                            /** Format: uuid */
                            paymentId?: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        page: number;
                        size: number;
                        total: number;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    payOrder: {
        parameters: {
            query?: never;
            header: {
                /** @description A client-generated UUID; replays return the first response */
                "idempotency-key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f"
                 *     }
                 */
                "application/json": {
                    /** Format: uuid */
                    orderId: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "paymentId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "status": "REQUESTED"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        paymentId: string;
                        /** Format: uuid */
                        orderId: string;
                        /** @enum {string} */
                        status: "REQUESTED";
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: ORDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/order-not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "ORDER_NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: ORDER_NOT_PAYABLE, PAYMENT_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/order-not-payable",
                     *       "title": "Conflict",
                     *       "status": 409,
                     *       "detail": "Conflict: see code",
                     *       "code": "ORDER_NOT_PAYABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unprocessable Content: IDEMPOTENCY_CONFLICT */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/idempotency-conflict",
                     *       "title": "Unprocessable Content",
                     *       "status": 422,
                     *       "detail": "Unprocessable Content: see code",
                     *       "code": "IDEMPOTENCY_CONFLICT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPayment: {
        parameters: {
            query?: {
                /** @description Long-poll: answer as soon as the status differs from `status` (the one you have), or after this many seconds (1–30) with the current view. 200 either way. Leave it out for an immediate answer. */
                wait?: number;
                /** @description With wait (required then): the payment status you have */
                status?: "REQUESTED" | "COMPLETED" | "CANCELLED" | "REJECTED" | "REFUNDED";
            };
            header?: never;
            path: {
                paymentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "paymentId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "orderId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "amount": 1,
                     *       "status": "REQUESTED",
                     *       "failureReason": "example failureReason"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        paymentId: string;
                        /** Format: uuid */
                        orderId: string;
                        /** @description known once order-service has priced the order */
                        amount?: number;
                        status: "REQUESTED" | "COMPLETED" | "CANCELLED" | "REJECTED" | "REFUNDED";
                        failureReason?: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not Found: NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-found",
                     *       "title": "Not Found",
                     *       "status": 404,
                     *       "detail": "Not Found: see code",
                     *       "code": "NOT_FOUND",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                page?: number;
                size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "notificationId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "type": "RESERVATION_HELD",
                     *           "title": "example title",
                     *           "body": "example body",
                     *           "referenceId": "example referenceId",
                     *           "createdAt": "2026-05-01T19:00:00.000Z"
                     *         }
                     *       ],
                     *       "page": 1,
                     *       "size": 1,
                     *       "total": 1
                     *     }
                     */
                    "application/json": {
                        items: {
                            /** Format: uuid */
                            notificationId: string;
                            type: "RESERVATION_HELD" | "PAYMENT_COMPLETED" | "REFUND_COMPLETED";
                            title: string;
                            body: string;
                            /** @description the reservation (RESERVATION_HELD) or payment (PAYMENT_COMPLETED) it is about */
                            referenceId: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        page: number;
                        size: number;
                        total: number;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createReview: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                 *       "rating": 1,
                 *       "content": "example content"
                 *     }
                 */
                "application/json": {
                    /** Format: uuid */
                    performanceId: string;
                    rating: number;
                    content: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "reviewId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "rating": 1,
                     *       "content": "example content",
                     *       "createdAt": "2026-05-01T19:00:00.000Z",
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f"
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        reviewId: string;
                        /** Format: uuid */
                        userId: string;
                        rating: number;
                        content: string;
                        /** Format: date-time */
                        createdAt: string;
                        /** Format: uuid */
                        performanceId: string;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED, MALFORMED_JSON, DUPLICATE_JSON_KEY, BAD_ENCODING */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unauthorized: UNAUTHENTICATED, TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unauthenticated",
                     *       "title": "Unauthorized",
                     *       "status": 401,
                     *       "detail": "Unauthorized: see code",
                     *       "code": "UNAUTHENTICATED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Forbidden: NOT_ATTENDED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/not-attended",
                     *       "title": "Forbidden",
                     *       "status": 403,
                     *       "detail": "Forbidden: see code",
                     *       "code": "NOT_ATTENDED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request Timeout: REQUEST_TIMEOUT */
            408: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/request-timeout",
                     *       "title": "Request Timeout",
                     *       "status": 408,
                     *       "detail": "Request Timeout: see code",
                     *       "code": "REQUEST_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Conflict: ALREADY_REVIEWED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/already-reviewed",
                     *       "title": "Conflict",
                     *       "status": 409,
                     *       "detail": "Conflict: see code",
                     *       "code": "ALREADY_REVIEWED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Payload Too Large: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/payload-too-large",
                     *       "title": "Payload Too Large",
                     *       "status": 413,
                     *       "detail": "Payload Too Large: see code",
                     *       "code": "PAYLOAD_TOO_LARGE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unsupported Media Type: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/unsupported-media-type",
                     *       "title": "Unsupported Media Type",
                     *       "status": 415,
                     *       "detail": "Unsupported Media Type: see code",
                     *       "code": "UNSUPPORTED_MEDIA_TYPE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listReviews: {
        parameters: {
            query?: {
                page?: number;
                size?: number;
            };
            header?: never;
            path: {
                performanceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "performanceId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *       "averageRating": 1,
                     *       "count": 1,
                     *       "items": [
                     *         {
                     *           "reviewId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "userId": "5f0c6f8e-3b1a-4c2d-9e4f-7a8b9c0d1e2f",
                     *           "rating": 1,
                     *           "content": "example content",
                     *           "createdAt": "2026-05-01T19:00:00.000Z"
                     *         }
                     *       ],
                     *       "page": 1,
                     *       "size": 1,
                     *       "total": 1
                     *     }
                     */
                    "application/json": {
                        /** Format: uuid */
                        performanceId: string;
                        /** @description Mean rating rounded to 2 decimals; null while there are no reviews */
                        averageRating: number | null;
                        count: number;
                        items: {
                            /** Format: uuid */
                            reviewId: string;
                            /** Format: uuid */
                            userId: string;
                            rating: number;
                            content: string;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                        page: number;
                        size: number;
                        total: number;
                    };
                };
            };
            /** @description Bad Request: VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/validation-failed",
                     *       "title": "Bad Request",
                     *       "status": 400,
                     *       "detail": "Bad Request: see code",
                     *       "code": "VALIDATION_FAILED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Too Many Requests: RATE_LIMITED */
            429: {
                headers: {
                    /** @description Requests allowed per client address per minute */
                    "X-RateLimit-Limit"?: number;
                    /** @description Requests left in the current minute */
                    "X-RateLimit-Remaining"?: number;
                    /** @description Seconds until the current minute ends */
                    "X-RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/rate-limited",
                     *       "title": "Too Many Requests",
                     *       "status": 429,
                     *       "detail": "Too Many Requests: see code",
                     *       "code": "RATE_LIMITED",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Bad Gateway: BAD_GATEWAY */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/bad-gateway",
                     *       "title": "Bad Gateway",
                     *       "status": 502,
                     *       "detail": "Bad Gateway: see code",
                     *       "code": "BAD_GATEWAY",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Service Unavailable: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_BUSY, SHUTTING_DOWN, UPSTREAM_UNAVAILABLE */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/service-unavailable",
                     *       "title": "Service Unavailable",
                     *       "status": 503,
                     *       "detail": "Service Unavailable: see code",
                     *       "code": "SERVICE_UNAVAILABLE",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Gateway Timeout: UPSTREAM_TIMEOUT */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "type": "https://errors.concert.example/upstream-timeout",
                     *       "title": "Gateway Timeout",
                     *       "status": 504,
                     *       "detail": "Gateway Timeout: see code",
                     *       "code": "UPSTREAM_TIMEOUT",
                     *       "instance": "/example"
                     *     }
                     */
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
