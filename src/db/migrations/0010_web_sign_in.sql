CREATE TABLE "rate_limit_hits" (
	"key" text PRIMARY KEY NOT NULL,
	"hits" integer NOT NULL,
	"reset_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "setup_links" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"purpose" text NOT NULL,
	"user_id" integer,
	"role" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "setup_links_purpose_check" CHECK ("setup_links"."purpose" in ('first_admin','invite','reset')),
	CONSTRAINT "setup_links_target_check" CHECK (("setup_links"."purpose" = 'first_admin') = ("setup_links"."user_id" IS NULL))
);
--> statement-breakpoint
CREATE TABLE "web_accounts" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"password_hash" text,
	"password_set_at" timestamp with time zone,
	"token_id" integer,
	"locale" text,
	"last_market_id" integer,
	"last_channel" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "web_accounts_locale_check" CHECK ("web_accounts"."locale" in ('en','nb')),
	CONSTRAINT "web_accounts_last_channel_check" CHECK ("web_accounts"."last_channel" in ('phone','email','chat','social','form','other'))
);
--> statement-breakpoint
CREATE TABLE "web_sessions" (
	"sid" text PRIMARY KEY NOT NULL,
	"sess" jsonb NOT NULL,
	"expire" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "setup_links" ADD CONSTRAINT "setup_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "web_accounts" ADD CONSTRAINT "web_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "web_accounts" ADD CONSTRAINT "web_accounts_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "web_accounts" ADD CONSTRAINT "web_accounts_last_market_id_markets_id_fk" FOREIGN KEY ("last_market_id") REFERENCES "public"."markets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "setup_links_token_hash_key" ON "setup_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "web_sessions_expire_idx" ON "web_sessions" USING btree ("expire");