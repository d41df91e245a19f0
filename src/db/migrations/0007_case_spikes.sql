CREATE TABLE "case_spikes" (
	"case_id" integer NOT NULL,
	"spike_id" integer NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_spikes_case_id_spike_id_pk" PRIMARY KEY("case_id","spike_id")
);
--> statement-breakpoint
ALTER TABLE "case_spikes" ADD CONSTRAINT "case_spikes_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_spikes" ADD CONSTRAINT "case_spikes_spike_id_spikes_id_fk" FOREIGN KEY ("spike_id") REFERENCES "public"."spikes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_spikes_spike_idx" ON "case_spikes" USING btree ("spike_id");